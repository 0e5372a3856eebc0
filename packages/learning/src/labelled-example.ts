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

/**
 * What kind of examination produced the finding. Any examination teaches, not only outbound
 * inspection requests: a documentary check or an X-ray at arrival is as much a label as a physical
 * search by export customs.
 */
export const EXAMINATION_KINDS = ['documentary', 'xray', 'physical', 'outbound_inspection', 'historical'] as const;
export type ExaminationKind = (typeof EXAMINATION_KINDS)[number];

/**
 * Why the consignment was examined. Only `random_control` selections are an unbiased sample of the
 * traffic; `rule`, `model` and `officer` selections are what the targeting chose, so their hit rate
 * measures the targeting, not the traffic.
 */
export const SELECTION_REASONS = ['rule', 'model', 'officer', 'random_control', 'unknown'] as const;
export type SelectionReason = (typeof SELECTION_REASONS)[number];

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
  /** Absent on rows recorded before examinations carried their kind (outbound results, imports). */
  examination?: ExaminationKind;
  selectionReason?: SelectionReason;
}

/**
 * A random control-group result: by its source (older rows) or its selection reason. Training
 * leaves these out by default and measures the targeting on them instead.
 */
export function isControlGroupExample(example: Pick<LabelledExample, 'source' | 'selectionReason'>): boolean {
  return example.source === 'random_control' || example.selectionReason === 'random_control';
}

/** Whether a finding counts as a positive for a target. */
export function isAdverse(outcome: InspectionFinding, target: Target): boolean {
  return target === 'fraud' ? outcome !== 'no_finding' : outcome === 'serious_finding';
}
