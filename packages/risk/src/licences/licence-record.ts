/**
 * A licence as an administration loads it (CLI file or API body): import or export authorisation for
 * arms, explosives, dual-use goods or controlled chemicals. JSON, one object or an array.
 */
import { z } from 'zod';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

export const LICENCE_UNITS = ['kg', 'items'] as const;
export type LicenceUnit = (typeof LICENCE_UNITS)[number];

export const LicenceRecordSchema = z
  .strictObject({
    number: z.string().trim().min(1).max(70),
    issuingCountry: z.string().regex(/^[A-Z]{2}$/, 'expected ISO 3166-1 alpha-2'),
    direction: z.enum(['import', 'export']),
    category: z.enum(['arms', 'explosives', 'dual_use', 'chemicals']),
    holderName: z.string().trim().min(2).max(140),
    holderIdentifier: z.string().trim().min(1).max(35).optional(),
    goodsDescription: z.string().trim().min(3).max(512),
    hsCodes: z.array(z.string().regex(/^\d{2,10}$/, 'expected 2-10 digits')).min(1).max(50),
    quantity: z.number().positive(),
    unit: z.enum(LICENCE_UNITS),
    validFrom: IsoDate,
    validTo: IsoDate,
    status: z.enum(['valid', 'suspended', 'revoked']).default('valid'),
  })
  .refine((l) => l.validTo >= l.validFrom, { path: ['validTo'], message: 'validTo is before validFrom' });
export type LicenceRecord = z.infer<typeof LicenceRecordSchema>;

export type LicenceParse = { ok: true; licences: LicenceRecord[] } | { ok: false; issues: { path: string; message: string }[] };

/** One licence or an array of them; every problem with its path (`[2].hsCodes[0]`). */
export function parseLicenceRecords(document: unknown): LicenceParse {
  const parsed = z.array(LicenceRecordSchema).max(10_000).safeParse(Array.isArray(document) ? document : [document]);
  if (parsed.success) return { ok: true, licences: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({
      path: i.path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), ''),
      message: i.message,
    })),
  };
}
