/**
 * Every code the data-quality gate can emit, with one line each for the API docs. Codes are stable:
 * a code never changes meaning; a new rule gets a new code.
 */
export const GATE_ISSUE_CODES = {
  CONTAINER_NUMBER_MALFORMED: 'Container number is not owner code + U/J/Z + 6-digit serial + check digit (ISO 6346, ICS2 R3021).',
  CONTAINER_CHECK_DIGIT_INVALID: 'Container number has the ISO 6346 shape but its check digit is wrong.',
  ULD_NUMBER_MALFORMED: 'Air unit load device identifier is not type (3 letters) + serial (4-5 digits) + owner (2 characters).',
  VESSEL_IMO_INVALID: 'Sea conveyance identifier is not an IMO number with a valid check digit (ICS2 R3009).',
  VESSEL_ENI_INVALID: 'Inland waterway conveyance identifier is not an 8-digit ENI (ICS2 R3010).',
  AWB_CHECK_DIGIT_INVALID: 'Air waybill number is not 3-digit prefix + 7-digit serial + mod-7 check digit.',
  MRN_INVALID: 'MRN of the filing being amended has a wrong structure or check character.',
  UNLOCODE_UNKNOWN: 'Location code is not in the shipped UN/LOCODE list.',
  COUNTRY_CODE_UNKNOWN: 'Country code is neither ISO 3166-1 alpha-2 nor a customs user code (XK, XI, XU, XC, XL, XS).',
  HS_CODE_MALFORMED: 'Commodity code is not 6 to 10 digits, or starts with reserved chapter 00 or 77 (ICS2 R3019).',
  HS_CODE_UNKNOWN: 'First six digits of the commodity code are a subheading of neither HS 2022 nor HS 2017.',
  GOODS_DESCRIPTION_VAGUE: 'Goods description is only general terms (ICS2 stop words: "general cargo", "parts", "as per invoice"...); an error at house level, a warning on master filings.',
  PARTY_NAME_PLACEHOLDER: 'Party name is a placeholder ("unknown", "private", "N/A"...); an error at house level, a warning on master filings.',
  ROUTING_FIRST_COUNTRY_MISMATCH: 'First routing country of the means of transport is not the country of the place of loading (ICS2 R3013).',
  ROUTING_LAST_COUNTRY_MISMATCH: 'Last routing country of the means of transport is not the country of the place of unloading (ICS2 R3014).',
  ROUTING_INCOMPLETE: 'Routing of the consignment lacks the country of the place of acceptance or delivery (ICS2 R3022).',
  SEAL_COUNT_MISMATCH: 'Declared number of seals differs from the number of seal identifiers (ICS2 C3015-C3018).',
  GOODS_ITEM_NUMBER_SEQUENCE: 'Goods item numbers do not run 1, 2, 3... in order within the consignment (ICS2 R3016/R3017).',
  ARRIVAL_BEFORE_DEPARTURE: 'Expected arrival is earlier than departure (ICS2 R3053).',
  LOADING_AFTER_DEPARTURE: 'Expected loading is later than departure.',
  CONTAINER_INDICATOR_WITHOUT_EQUIPMENT: 'Consignment says it is containerised but declares no transport equipment (ICS2 C3013/C3014).',
  GOODS_CONTAINER_NOT_DECLARED: 'Goods item refers to a container that the consignment does not declare as equipment.',
  GROSS_MASS_TOTAL_MISMATCH: 'Sum of goods item gross masses differs from the consignment total by more than 1 % (and 1 kg).',
  PACKAGE_COUNT_MISMATCH: 'Sum of package counts of the goods items differs from the consignment total.',
  HOUSE_DOCUMENT_DUPLICATE: 'The same house transport document number appears twice in the filing (ICS2 R3052).',
  REQUIRED_ELEMENT_MISSING: 'A SAFE / ICS2 required data element is missing for this filing level and mode (value names it); an error where the format makes it mandatory, otherwise a warning that leads to a request for information.',
  REPRESENTATIVE_SAME_AS_DECLARANT: 'Representative identifier equals the declarant identifier (ICS2 R3033).',
} as const;

export type GateIssueCode = keyof typeof GATE_ISSUE_CODES;
