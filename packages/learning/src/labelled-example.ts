/**
 * A labelled example is one inspected goods line: what was declared (the features a targeting
 * officer would look at) and what the inspection found. Plain data, JSON-serialisable, so examples
 * can be stored in the database and shipped to worker threads unchanged.
 */

export const INSPECTION_FINDINGS = ['no_finding', 'irregularity', 'serious_finding'] as const;
export type InspectionFinding = (typeof INSPECTION_FINDINGS)[number];

/**
 * Where the label came from. `random_control` results come from the random selection and are the
 * only unbiased sample of the traffic, so training keeps them apart (see `TrainingSettings`).
 */
export const EXAMPLE_SOURCES = ['officer', 'export_customs', 'random_control', 'import'] as const;
export type ExampleSource = (typeof EXAMPLE_SOURCES)[number];

/** What a model predicts: any adverse finding, or only serious ones. */
export const TARGETS = ['fraud', 'critical'] as const;
export type Target = (typeof TARGETS)[number];

/** Categorical features; each is compared by exact value (commodity codes also by 2/4/6-digit prefix). */
export const CATEGORICAL_FEATURES = [
  'importerId',
  'declarantId',
  'sellerId',
  'courierId',
  'commodityCode',
  'originCountry',
  'loadingCountry',
  'routing',
  'mode',
  'office',
  'processType',
  'importType',
  'importUse',
  'paymentType',
  'taxType',
  'taxRate',
  'originIndicator',
] as const;
export type CategoricalFeature = (typeof CATEGORICAL_FEATURES)[number];

export const NUMERIC_FEATURES = ['netMassKg', 'value'] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];

/**
 * All optional: a filing carries some of them, a national declaration others. `routing` is the
 * routing countries joined by '-' (order matters for targeting); `taxRate` is kept as the declared
 * text because rates act as tariff-line identifiers rather than quantities.
 */
export type ExampleFeatures = Partial<Record<CategoricalFeature, string>> &
  Partial<Record<NumericFeature, number>>;

export interface LabelledExample {
  /** Declaration or consignment reference; used to keep scored rows out of training. */
  id: string;
  /** ISO date (YYYY-MM-DD) of the declaration or of the inspection. */
  date: string;
  source: ExampleSource;
  features: ExampleFeatures;
  outcome: InspectionFinding;
}

/** Whether a finding counts as a positive for a target. */
export function isAdverse(outcome: InspectionFinding, target: Target): boolean {
  return target === 'fraud' ? outcome !== 'no_finding' : outcome === 'serious_finding';
}
