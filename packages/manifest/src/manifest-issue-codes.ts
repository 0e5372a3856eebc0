/**
 * Codes of the parsing stages before the gate (XML, format detection, structure of our own formats)
 * and of the dispatcher, one line each for the API docs. The gate's codes are in GATE_ISSUE_CODES;
 * ENS findings carry HMRC's error numbers in `externalCode` and are catalogued by the ENS module.
 */
export const MANIFEST_ISSUE_CODES = {
  MANIFEST_ENCODING_UNSUPPORTED: 'Body is UTF-16 or declares an encoding other than UTF-8/ASCII. (error)',
  MANIFEST_ENCODING_INVALID: 'Body is not valid UTF-8. (error)',
  MANIFEST_EMPTY: 'Body is empty or has no root element. (error)',
  MANIFEST_DTD_FORBIDDEN: 'Document has a DOCTYPE or entity declaration (XXE and entity-expansion protection). (error)',
  MANIFEST_TOO_DEEP: 'Elements are nested deeper than MAX_XML_DEPTH. (error)',
  MANIFEST_XML_MALFORMED: 'Body is not well-formed XML. (error)',
  MANIFEST_FORMAT_UNKNOWN: 'Root element and namespace match no supported format; the value names both. (error)',
  MANIFEST_FIELD_MISSING: 'A required element of the canonical or IATA format is absent. (error)',
  MANIFEST_FIELD_INVALID: 'An element has a value of the wrong type, length or code. (error)',
  MANIFEST_FILING_LEVEL_MISMATCH: 'Canonical FilingLevel does not fit the consignment elements (house filings carry HouseConsignment only). (error)',
  MASTER_EQUIPMENT_UNREFERENCED: 'A container declared on a canonical master consignment holds no house goods item. (warning)',
  IATA_AIRPORT_UNKNOWN: 'An IATA airport code does not resolve to a UN/LOCODE airport. (warning)',
  FILING_LATE: 'Received after the deadline of the transport mode (only when parseFiling is given `now`). (warning)',
  MANIFEST_INTERNAL_ERROR: 'A parser failed unexpectedly; the filing is refused rather than half-read. (error)',
} as const;

export type ManifestIssueCode = keyof typeof MANIFEST_ISSUE_CODES;
