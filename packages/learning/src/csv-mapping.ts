import type { CategoricalFeature, ExampleSource, InspectionFinding, NumericFeature } from './labelled-example.js';

/**
 * How the columns of a historical-outcomes CSV map onto a labelled example. Declarative (plain
 * data) so a mapping can live in configuration or the database next to the import it describes.
 */
export interface CsvMapping {
  /** Column holding the declaration reference; also the first column of `score` output. */
  idColumn: string;
  /** Column holding the ISO date (YYYY-MM-DD); rows without a date are refused. */
  dateColumn: string;
  categorical: Partial<Record<CategoricalFeature, string>>;
  numeric: Partial<Record<NumericFeature, string>>;
  /**
   * The finding is read from these columns, their values joined by ',' and looked up in `values`;
   * a combination not listed is a row error (never silently "no finding").
   */
  outcome: { columns: string[]; values: Record<string, InspectionFinding> };
  source: ExampleSource;
}

/**
 * The Korea Customs Service import-declaration datasets (arXiv 2208.02484). `Fraud`=1 is an
 * irregularity and `Critical Fraud`=2 a serious finding; in the files `Critical Fraud`=1 always
 * comes with `Fraud`=1, so the pair decides the finding. Departure country is the country the goods
 * were loaded in. `Import Use` is kept: it distinguishes processing, re-export and home use.
 */
export const KCS_MAPPING: CsvMapping = {
  idColumn: 'Declaration ID',
  dateColumn: 'Date',
  categorical: {
    office: 'Office ID',
    processType: 'Process Type',
    importType: 'Import Type',
    importUse: 'Import Use',
    paymentType: 'Payment Type',
    mode: 'Mode of Transport',
    declarantId: 'Declarant ID',
    importerId: 'Importer ID',
    sellerId: 'Seller ID',
    courierId: 'Courier ID',
    commodityCode: 'HS6 Code',
    loadingCountry: 'Country of Departure',
    originCountry: 'Country of Origin',
    taxRate: 'Tax Rate',
    taxType: 'Tax Type',
    originIndicator: 'Country of Origin Indicator',
  },
  numeric: { netMassKg: 'Net Mass', value: 'Item Price' },
  outcome: {
    columns: ['Fraud', 'Critical Fraud'],
    values: { '0,0': 'no_finding', '1,0': 'irregularity', '1,1': 'irregularity', '1,2': 'serious_finding' },
  },
  source: 'import',
};
