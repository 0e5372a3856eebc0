import type { SanctionsList } from '../sanctions/sanctions-list.js';

/** Two real UN entries (as in the 2025-04-19 edition) and one OFAC vessel, enough for decision tests. */
export const SMALL_SANCTIONS_LIST: SanctionsList = {
  source: 'UN',
  edition: '2025-04-19T23:00:04.625Z',
  entries: [
    {
      id: 'KPe.020',
      source: 'UN',
      type: 'organisation',
      primaryName: 'OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)',
      aliases: [{ name: 'Korea Mirae Shipping Co. Ltd', quality: 'a.k.a.' }],
      originalScriptNames: [],
      countries: ['KP'],
      birthDates: [],
      imo: '1790183',
      programs: ['DPRK'],
    },
    {
      id: 'TAi.005',
      source: 'UN',
      type: 'person',
      primaryName: 'MUHAMMAD TAHER ANWARI',
      aliases: [{ name: 'Mohammad Taher Anwari', quality: 'Good' }],
      originalScriptNames: ['محمد طاهر أنوري'],
      countries: ['AF'],
      birthDates: ['1961'],
      programs: ['Taliban'],
    },
    {
      id: 'V-1',
      source: 'UN',
      type: 'vessel',
      primaryName: 'CHONG CHON GANG',
      aliases: [],
      originalScriptNames: [],
      countries: ['KP'],
      birthDates: [],
      imo: '7937317',
      programs: ['DPRK'],
    },
  ],
};
