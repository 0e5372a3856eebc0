/** Identity of the project's canonical advance cargo format (schemas/canonical/advance-cargo-1.xsd, FORMATS.md). */
export const CANONICAL_NAMESPACE = 'urn:safe-screen:advance-cargo:1';
export const CANONICAL_ROOT = 'AdvanceCargoDeclaration';

/** UN/ECE Recommendation 19 mode of transport codes, as carried in `BorderTransportMeans/ModeCode`. */
export const MODE_BY_REC19_CODE = {
  '1': 'sea',
  '2': 'rail',
  '3': 'road',
  '4': 'air',
  '5': 'postal',
  '8': 'inland_waterway',
  '9': 'other',
} as const;
export type Rec19ModeCode = keyof typeof MODE_BY_REC19_CODE;
export const REC19_MODE_CODES = Object.keys(MODE_BY_REC19_CODE) as Rec19ModeCode[];

/** Roles accepted on `SupplyChainActor/@role`. */
export const SUPPLY_CHAIN_ROLES = ['seller', 'buyer', 'manufacturer', 'consolidator', 'other'] as const;
