/**
 * The knobs of the decision, separate from the rules: lane thresholds, when a sanctions match is
 * strong enough to stop loading, who gets AEO treatment and how much, the random control rate, and
 * which export administrations accept outbound inspection requests. Validated once by the caller.
 */
import { z } from 'zod';
import { INSPECTION_METHODS, PARTY_ROLES } from '@safe-screen/domain';

export const AssessmentPolicySchema = z.strictObject({
  /** ISO alpha-2 of this (importing) administration; outbound requests go to other countries only. */
  importingCountry: z.string().regex(/^[A-Z]{2}$/),
  lanes: z.strictObject({ yellow: z.number().positive(), red: z.number().positive() }).refine((l) => l.red > l.yellow, 'red must be above yellow'),
  /** Matches below are ignored; matches at or above are hits weighted `sanctionsWeight * score`. */
  sanctionsThreshold: z.number().min(0).max(1),
  /**
   * A match at or above this with a strong identifier agreeing (IMO; birth date; exact primary name
   * plus listed country for an entity) counts as confirmed: Do Not Load before loading. Below it, or
   * on name alone, the match is a potential match held for an officer's review.
   */
  sanctionsDoNotLoadScore: z.number().min(0).max(1),
  /** Policy override: Do Not Load on a name-only match at or above `sanctionsDoNotLoadScore` (default off). */
  sanctionsDoNotLoadOnNameAlone: z.boolean().default(false),
  sanctionsWeight: z.number().positive(),
  /** Roles whose AEO security status earns treatment for the consignment. */
  aeoRoles: z.array(z.enum(PARTY_ROLES)).min(1),
  /** Share of the non-intelligence rule score removed by AEO security treatment. */
  aeoReduction: z.number().min(0).max(1),
  /** Share of would-be-green consignments selected at random as a control group. */
  randomSelectionRate: z.number().min(0).max(1),
  controlGroupMethods: z.array(z.enum(INSPECTION_METHODS)).min(1),
  /** Export administrations that accept SAFE outbound inspection requests; empty means none. */
  outboundInspectionCountries: z.array(z.string().regex(/^[A-Z]{2}$/)),
  /** Now, ISO 8601: rule validity, AEO validity and `assessedAt` all read it. */
  nowIso: z.string().datetime({ offset: true }),
});
export type AssessmentPolicy = z.infer<typeof AssessmentPolicySchema>;

/** Defaults for an EU-style administration; `nowIso` must still be supplied per assessment. */
export const DEFAULT_POLICY: Omit<AssessmentPolicy, 'nowIso' | 'importingCountry'> = {
  lanes: { yellow: 40, red: 80 },
  sanctionsThreshold: 0.8,
  sanctionsDoNotLoadScore: 0.95,
  sanctionsDoNotLoadOnNameAlone: false,
  sanctionsWeight: 100,
  aeoRoles: ['consignor', 'consignee', 'carrier', 'declarant'],
  aeoReduction: 0.5,
  randomSelectionRate: 0.01,
  controlGroupMethods: ['xray'],
  outboundInspectionCountries: [],
};
