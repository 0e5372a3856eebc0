/** AEO registry records and the Mutual Recognition table, as data. */
import { z } from 'zod';

export const AEO_TYPES = ['AEOC', 'AEOS', 'AEOF'] as const;
export type AeoType = (typeof AEO_TYPES)[number];

export const AEO_STATUSES = ['valid', 'suspended', 'revoked'] as const;
export type AeoStatus = (typeof AEO_STATUSES)[number];

export interface AeoAuthorisation {
  /** EORI or the partner administration's trader identifier, upper case, no spaces. */
  operatorId: string;
  type: AeoType;
  status: AeoStatus;
  validFrom: string;
  validTo?: string;
  /** ISO 3166-1 alpha-2 of the issuing administration. */
  issuingCountry: string;
}

/** Only AEOS and AEOF carry the security component that MRAs recognise. */
export function isSecurityType(type: AeoType): boolean {
  return type === 'AEOS' || type === 'AEOF';
}

/**
 * Which authorisations this administration recognises. `domesticCountries` are the issuing countries
 * whose authorisations count as its own (every EU member state for an EU administration); `partners`
 * are MRA partners and the types recognised from each (normally the security types only).
 */
export const MraTableSchema = z.strictObject({
  administration: z.string().min(1),
  domesticCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
  partners: z.array(
    z.strictObject({
      country: z.string().regex(/^[A-Z]{2}$/),
      programme: z.string().optional(),
      types: z.array(z.enum(AEO_TYPES)).min(1),
      since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    }),
  ),
});
export type MraTable = z.infer<typeof MraTableSchema>;
