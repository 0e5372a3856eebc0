/**
 * A targeting rule set as data (YAML or JSON). Rules are conditions over one consignment in a small
 * expression language: `all`/`any`/`not` combinators over predicates on goods items, parties,
 * equipment, route, filing timing, ingest indicators and consignment totals. Within one predicate
 * every stated field must hold for the same object (the same goods item, the same party), so
 * "a consignee whose name contains TO ORDER" is one `party` predicate, not two unrelated facts.
 * Lists (countries, HS prefixes, keywords, parties) are named once and shared between rules.
 */
import { z } from 'zod';
import { INSPECTION_METHODS, PARTY_ROLES, RISK_CATEGORIES, TRANSPORT_MODES } from '@safe-screen/domain';

export const LIST_KINDS = ['countries', 'hsPrefixes', 'keywords', 'parties'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const Range = z.strictObject({ min: z.number().optional(), max: z.number().optional() });

/** Inline codes, a named list, or both. */
const CountryRefSchema = z.strictObject({ codes: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected ISO 3166-1 alpha-2')).optional(), list: z.string().optional() });
const CommodityRefSchema = z.strictObject({ prefixes: z.array(z.string().regex(/^\d{2,10}$/, 'expected 2-10 digits')).optional(), list: z.string().optional() });
const KeywordRefSchema = z.strictObject({ keywords: z.array(z.string().min(1)).optional(), list: z.string().optional() });
export type CountryRef = z.infer<typeof CountryRefSchema>;
export type CommodityRef = z.infer<typeof CommodityRefSchema>;
export type KeywordRef = z.infer<typeof KeywordRefSchema>;

export const GoodsPredicateSchema = z.strictObject({
  commodity: CommodityRefSchema.optional(),
  commodityCodeMissing: z.literal(true).optional(),
  description: KeywordRefSchema.optional(),
  /** The description says nothing beyond words in this keyword list (ICS2 stop words). */
  vagueDescription: z.strictObject({ list: z.string() }).optional(),
  /** No UN dangerous-goods number filed; pair it with a `description` keyword list of hazardous terms. */
  dangerousGoodsUnMissing: z.literal(true).optional(),
  originCountry: CountryRefSchema.optional(),
  grossMassKg: Range.optional(),
  massPerPackageKg: Range.optional(),
  /** Declared value per kg of gross mass, in the declared currency. */
  valuePerKg: Range.optional(),
  /**
   * Highest percentage stated in the description ("hydrogen peroxide 35 %", "35% w/w") in this range;
   * an item whose description states no percentage does not match. For precursor concentration
   * thresholds (EU Regulation 2019/1148 Annex I).
   */
  concentrationPercent: Range.optional(),
  /** Mass of the item against the history for its HS6: |z| above this, with enough samples. */
  massAnomaly: z.strictObject({ zAbove: z.number().positive(), minSamples: z.number().int().positive().default(5) }).optional(),
});
export type GoodsPredicate = z.infer<typeof GoodsPredicateSchema>;

export const PartyPredicateSchema = z.strictObject({
  roles: z.array(z.enum(PARTY_ROLES)).min(1).optional(),
  /** Normalised name or identifier is on a `parties` list. */
  inList: z.string().optional(),
  nameKeywords: KeywordRefSchema.optional(),
  country: CountryRefSchema.optional(),
  identifierMissing: z.literal(true).optional(),
  addressIncomplete: z.literal(true).optional(),
  /** History says this party has never been seen before. */
  firstTime: z.literal(true).optional(),
});
export type PartyPredicate = z.infer<typeof PartyPredicateSchema>;

export const EquipmentPredicateSchema = z.strictObject({
  /** A full container with no seal numbers. */
  sealsMissing: z.literal(true).optional(),
  /** Stated seal count differs from the seal numbers given. */
  sealCountMismatch: z.literal(true).optional(),
  /** ISO 6346 check digit fails. */
  containerNumberInvalid: z.literal(true).optional(),
  /** Declared empty but goods are assigned to it. */
  emptyWithGoods: z.literal(true).optional(),
});
export type EquipmentPredicate = z.infer<typeof EquipmentPredicateSchema>;

export const RoutePredicateSchema = z.strictObject({
  loadingCountry: CountryRefSchema.optional(),
  unloadingCountry: CountryRefSchema.optional(),
  acceptanceCountry: CountryRefSchema.optional(),
  /** Any country of routing of the consignment is in the set. */
  routingThrough: CountryRefSchema.optional(),
  /** Countries of routing other than the loading and unloading countries, at least this many. */
  transshipment: z.strictObject({ minIntermediateCountries: z.number().int().positive() }).optional(),
  /** Goods origin country differs from the loading country (re-export). */
  originDiffersFromLoading: z.literal(true).optional(),
});
export type RoutePredicate = z.infer<typeof RoutePredicateSchema>;

export const FilingPredicateSchema = z.strictObject({
  late: z.literal(true).optional(),
  hoursBeforeLoadingBelow: z.number().optional(),
  amendmentsAtLeast: z.number().int().positive().optional(),
  modes: z.array(z.enum(TRANSPORT_MODES)).min(1).optional(),
  /** Sea conveyance identifier present but not a valid IMO number. */
  conveyanceImoInvalid: z.literal(true).optional(),
});
export type FilingPredicate = z.infer<typeof FilingPredicateSchema>;

export const ConsignmentPredicateSchema = z.strictObject({
  paymentMethods: z.array(z.string().min(1)).min(1).optional(),
  /** Total packages stated differs from the sum over goods items. */
  packagesMismatch: z.literal(true).optional(),
});
export type ConsignmentPredicate = z.infer<typeof ConsignmentPredicateSchema>;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { goods: GoodsPredicate }
  | { party: PartyPredicate }
  | { equipment: EquipmentPredicate }
  | { route: RoutePredicate }
  | { filing: FilingPredicate }
  | { indicator: { codes: string[] } }
  | { consignment: ConsignmentPredicate };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
    z.strictObject({ goods: GoodsPredicateSchema }),
    z.strictObject({ party: PartyPredicateSchema }),
    z.strictObject({ equipment: EquipmentPredicateSchema }),
    z.strictObject({ route: RoutePredicateSchema }),
    z.strictObject({ filing: FilingPredicateSchema }),
    z.strictObject({ indicator: z.strictObject({ codes: z.array(z.string().min(1)).min(1) }) }),
    z.strictObject({ consignment: ConsignmentPredicateSchema }),
  ]),
);

export const RULE_ACTIONS = ['request_for_information', 'do_not_load'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[A-Z][A-Z0-9-]{1,39}$/, 'rule ids are upper-case letters, digits and hyphens'),
  /** What an officer reads: why this matters, in plain words. */
  description: z.string().min(10),
  category: z.enum(RISK_CATEGORIES),
  weight: z.number().min(0).max(1000),
  /** Intelligence rules are never mitigated by AEO treatment. */
  intelligence: z.boolean().default(false),
  validFrom: IsoDate,
  validTo: IsoDate.optional(),
  /** Text that may be given to a foreign administration (outbound inspection request); absent = internal. */
  shareableReason: z.string().min(1).optional(),
  suggestedMethods: z.array(z.enum(INSPECTION_METHODS)).default([]),
  /** A rule can force an outcome on its own: missing data -> RFI; imminent threat -> Do Not Load (before loading). */
  action: z.enum(RULE_ACTIONS).optional(),
  /**
   * The goods this rule fires on move legally under an import/export licence (arms, explosives,
   * dual-use goods, controlled chemicals). A cited licence that matches the consignment turns the
   * rule's hold into a documentary check; a missing or mismatched licence leaves the hold.
   */
  licensable: z.boolean().default(false),
  condition: ConditionSchema,
});
export type Rule = z.infer<typeof RuleSchema>;

/** Where a list comes from: the document an administration can check it against. */
export const ListSourceSchema = z.strictObject({
  document: z.string().min(3),
  date: IsoDate,
  url: z.string().optional(),
  note: z.string().optional(),
});
export type ListSource = z.infer<typeof ListSourceSchema>;

export const NamedListSchema = z.strictObject({
  kind: z.enum(LIST_KINDS),
  description: z.string().optional(),
  source: ListSourceSchema.optional(),
  items: z.array(z.string().min(1)).min(1),
  /** What each item means (e.g. the chemical an HS subheading stands for and whether it was confirmed). */
  meanings: z.record(z.string(), z.string().min(3)).optional(),
}).superRefine((list, ctx) => {
  for (const key of Object.keys(list.meanings ?? {})) {
    if (!list.items.includes(key)) ctx.addIssue({ code: 'custom', path: ['meanings', key], message: `"${key}" has a meaning but is not an item of the list` });
  }
});
export type NamedList = z.infer<typeof NamedListSchema>;

export const RuleSetSchema = z.strictObject({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'version is a short token, e.g. 2026.11.1'),
  description: z.string().optional(),
  lists: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'list names are snake_case'), NamedListSchema).default({}),
  rules: z.array(RuleSchema).min(1),
});
export type RuleSet = z.infer<typeof RuleSetSchema>;
