import type { CategoricalFeature, ExampleFeatures } from './labelled-example.js';

/** One part of a key: a feature's value, or for commodity codes its first `digits` digits. */
export interface KeyPart {
  feature: CategoricalFeature;
  digits?: 2 | 4 | 6;
}

/**
 * A feature or feature combination whose past adverse-outcome rate the model learns. `levels` run
 * from the most specific key to the broadest; each level's rate is smoothed toward the next one, the
 * broadest toward the overall rate (back-off: a commodity never seen at 6 digits borrows from its
 * heading and chapter).
 */
export interface FeatureFamily {
  id: string;
  levels: KeyPart[][];
}

const HS6: KeyPart = { feature: 'commodityCode', digits: 6 };
const HS4: KeyPart = { feature: 'commodityCode', digits: 4 };
const HS2: KeyPart = { feature: 'commodityCode', digits: 2 };
const part = (feature: CategoricalFeature): KeyPart => ({ feature });
const single = (id: string, feature: CategoricalFeature): FeatureFamily => ({ id, levels: [[part(feature)]] });
/** The same combination at commodity 6, 4 and 2 digits. */
const byCommodity = (id: string, ...others: CategoricalFeature[]): FeatureFamily => ({
  id,
  levels: [HS6, HS4, HS2].map((hs) => [hs, ...others.map(part)]),
});

export const FEATURE_FAMILIES: readonly FeatureFamily[] = [
  {
    id: 'declaration',
    levels: [
      [HS6, part('originCountry'), part('loadingCountry'), part('taxRate'), part('taxType')],
      [HS6, part('originCountry'), part('loadingCountry')],
      [HS6, part('originCountry')],
      [HS6],
      [HS4],
      [HS2],
    ],
  },
  { id: 'importer_commodity_origin', levels: [[part('importerId'), HS6, part('originCountry')], [part('importerId'), HS6], [part('importerId')]] },
  { id: 'declarant_office_chain', levels: [[part('declarantId'), part('office')], [part('declarantId')]] },
  byCommodity('commodity'),
  byCommodity('commodity_origin', 'originCountry'),
  byCommodity('commodity_loading', 'loadingCountry'),
  byCommodity('commodity_origin_loading', 'originCountry', 'loadingCountry'),
  byCommodity('commodity_routing', 'routing'),
  { id: 'commodity_tax_rate', levels: [[HS6, part('taxRate')], [HS4, part('taxRate')]] },
  { id: 'commodity_tax_type', levels: [[HS6, part('taxType')], [HS4, part('taxType')]] },
  byCommodity('importer_commodity', 'importerId'),
  single('origin', 'originCountry'),
  single('loading', 'loadingCountry'),
  { id: 'origin_loading', levels: [[part('originCountry'), part('loadingCountry')]] },
  single('routing', 'routing'),
  single('importer', 'importerId'),
  single('declarant', 'declarantId'),
  single('seller', 'sellerId'),
  single('courier', 'courierId'),
  single('office', 'office'),
  { id: 'declarant_office', levels: [[part('declarantId'), part('office')]] },
  single('mode', 'mode'),
  single('process_type', 'processType'),
  single('import_type', 'importType'),
  single('import_use', 'importUse'),
  single('payment_type', 'paymentType'),
  single('tax_rate', 'taxRate'),
  single('tax_type', 'taxType'),
  single('origin_indicator', 'originIndicator'),
];

const FAMILY_BY_ID = new Map(FEATURE_FAMILIES.map((f) => [f.id, f]));

export function findFeatureFamily(id: string): FeatureFamily | undefined {
  return FAMILY_BY_ID.get(id);
}

/** Unit separator: cannot occur in a CSV value or a filed identifier. */
const SEPARATOR = '\u001f';

/**
 * The key of `features` at one level, or undefined when a part is missing (a filing without a
 * declarant has no declarant history; the level then contributes nothing and the broader level
 * decides). Commodity codes shorter than the prefix asked for are missing at that level too.
 */
export function buildLevelKey(level: readonly KeyPart[], features: ExampleFeatures): string | undefined {
  const values: string[] = [];
  for (const p of level) {
    const value = features[p.feature];
    if (value === undefined || value === '') return undefined;
    if (p.digits !== undefined) {
      if (value.length < p.digits) return undefined;
      values.push(value.slice(0, p.digits));
    } else {
      values.push(value);
    }
  }
  return values.join(SEPARATOR);
}

const PART_LABELS: Record<CategoricalFeature, string> = {
  importerId: 'importer',
  declarantId: 'declarant',
  sellerId: 'seller',
  courierId: 'courier',
  commodityCode: 'commodity',
  originCountry: 'from origin',
  loadingCountry: 'loaded in',
  routing: 'routed via',
  mode: 'transport mode',
  office: 'at office',
  processType: 'process type',
  importType: 'import type',
  importUse: 'import use',
  paymentType: 'payment type',
  taxType: 'tax type',
  taxRate: 'tax rate',
  originIndicator: 'origin indicator',
};

/** "commodity 870323 from origin CN loaded in HK": the level's key as an officer reads it. */
export function describeLevelKey(level: readonly KeyPart[], key: string): string {
  const values = key.split(SEPARATOR);
  return level.map((p, i) => `${PART_LABELS[p.feature]} ${values[i] ?? ''}`).join(' ');
}
