/**
 * ENS code lists used by HMRC's business rules. Sources (see PROVENANCE.md in this folder): the
 * values are quoted in HMRC's error texts in the ENS test pack (hmrc/import-control-entry-declaration-store,
 * Apache-2.0) and, for the kinds of packages, in UN/ECE Recommendation 21 as those texts cite it.
 */

/** Transport mode at border values HMRC accepts (error 8689). */
export const ENS_TRANSPORT_MODES: readonly string[] = ['1', '2', '3', '4', '8', '10', '11'];

/** Specific circumstance indicator values HMRC accepts (error 8691). */
export const ENS_SPECIFIC_CIRCUMSTANCES: readonly string[] = ['C', 'D', 'E'];

/** Rec 21 kinds of packages meaning bulk: no package or piece count (C062). */
export const BULK_PACKAGE_KINDS: readonly string[] = ['VQ', 'VG', 'VL', 'VY', 'VR', 'VS', 'VO'];

/** Rec 21 kinds of packages meaning unpacked: a piece count, no package count (C062). */
export const UNPACKED_PACKAGE_KINDS: readonly string[] = ['NE', 'NF', 'NG'];

/**
 * C529: per first letter of the specific circumstance indicator, the transport modes that cannot go
 * with it (C = road, D = rail in the ICS specific-circumstance scheme).
 */
export const MODES_EXCLUDED_BY_CIRCUMSTANCE: Readonly<Record<string, { externalCode: string; modes: readonly number[] }>> = {
  C: { externalCode: '8111', modes: [1, 2, 4, 8, 10, 11] },
  D: { externalCode: '8112', modes: [1, 3, 4, 8, 10, 11] },
};

/** Modes that identify the vessel by IMO (n7) or ENI (n8) number (C514, C017). */
export const VESSEL_MODES: readonly number[] = [1, 8];
export const AIR_MODE = 4;
export const RAIL_MODE = 2;
/** Modes where the nationality of the active means of transport is declared at header level (C024). */
export const HEADER_NATIONALITY_MODES: readonly number[] = [3, 10, 11];
