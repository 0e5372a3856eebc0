/**
 * What an administration's country implies for AEO recognition when the operator has not said
 * otherwise. Sources: the domain reference (shared/domain.md §1.5), itself citing the Commission's
 * AEO pages and revenue.ie's EU–UK TCA page. MRA lists change with new agreements: an administration
 * sets MRA_PARTNERS to its own list, and these defaults only spare a new installation from
 * recognising nobody, which gave AEOs no benefit at all.
 */

/** EU member states: an AEO authorisation granted by one is valid in all (UCC Art. 38(4)). */
export const EU_MEMBER_STATES: readonly string[] = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
];

export type AeoType = 'AEOC' | 'AEOS' | 'AEOF';
export interface MraPartner {
  country: string;
  types: AeoType[];
}

/** MRAs recognise the security component only: AEOS, and AEOF which contains it; never AEOC alone. */
const SECURITY_TYPES: AeoType[] = ['AEOS', 'AEOF'];

/** The EU's MRA partners (domain reference §1.5; the list there is marked unverified). */
const EU_MRA_PARTNERS = ['AD', 'CA', 'CN', 'JP', 'NO', 'CH', 'GB', 'US'];
/** The UK's: the EU (Trade and Cooperation Agreement) and the partners it carried over or signed. */
const GB_MRA_PARTNERS = [...EU_MEMBER_STATES, 'US', 'JP', 'CA', 'CH', 'NO'];

/** Issuing countries whose authorisations count as this administration's own. */
export function aeoDomesticCountries(administration: string): string[] {
  return EU_MEMBER_STATES.includes(administration) ? [...EU_MEMBER_STATES] : [administration];
}

/** Default MRA partners for an administration: the EU's for a member state, the UK's for GB, none otherwise. */
export function defaultMraPartners(administration: string): MraPartner[] {
  const countries = EU_MEMBER_STATES.includes(administration) ? EU_MRA_PARTNERS : administration === 'GB' ? GB_MRA_PARTNERS : [];
  return countries.map((country) => ({ country, types: [...SECURITY_TYPES] }));
}
