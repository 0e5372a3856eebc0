import { beforeAll, describe, expect, it } from 'vitest';
import { diffEditions } from './diff-editions.js';
import { loadOfacRelease, loadOfacSdnCsv, parseOfacDate } from './load-ofac-sdn.js';
import { loadSanctionsFile, loadShippedSanctionsLists, loadShippedUnList, readListText } from './load-sanctions-file.js';
import { loadUnList } from './load-un-list.js';
import { buildSanctionsIndex } from './sanctions-index.js';
import { screenParty } from './screen-party.js';
import type { SanctionsList } from './sanctions-list.js';

let un2024: SanctionsList;
let un2025: SanctionsList;
let ofac: SanctionsList;

beforeAll(() => {
  un2024 = loadShippedUnList('2024-09-26');
  [un2025, ofac] = loadShippedSanctionsLists() as [SanctionsList, SanctionsList];
});

describe('UN consolidated list loader', () => {
  it('reads individuals and entities with aliases, original script, dates of birth and countries', () => {
    expect(un2025.edition).toBe('2025-04-19T23:00:04.625Z');
    expect(un2025.entries.filter((e) => e.type === 'person')).toHaveLength(684);
    expect(un2025.entries.filter((e) => e.type === 'organisation')).toHaveLength(193);
    const anwari = un2025.entries.find((e) => e.id === 'TAi.005');
    expect(anwari).toMatchObject({
      primaryName: 'MUHAMMAD TAHER ANWARI',
      originalScriptNames: ['محمد طاهر أنوري'],
      countries: ['AF'],
      birthDates: ['1961'],
      programs: ['Taliban'],
    });
    expect(anwari?.aliases).toContainEqual({ name: 'Haji Mudir', quality: 'Low' });
    expect(un2025.entries.find((e) => e.id === 'KPe.020')?.imo).toBe('1790183');
  });

  it('refuses a DOCTYPE and malformed XML with stable codes', () => {
    expect(() => loadUnList('<!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST dateGenerated="x"/>')).toThrow(expect.objectContaining({ code: 'SANCTIONS_XML_DOCTYPE_REFUSED' }));
    expect(() => loadUnList('<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS>')).toThrow(expect.objectContaining({ code: 'SANCTIONS_XML_MALFORMED' }));
    expect(() => loadUnList('<OTHER/>')).toThrow(expect.objectContaining({ code: 'SANCTIONS_UN_ROOT_MISSING' }));
  });
});

describe('OFAC SDN loaders', () => {
  it('reads the legacy sdn.csv with aliases, dates of birth and IMO numbers from remarks', () => {
    expect(ofac.entries).toHaveLength(14965);
    expect(ofac.entries.find((e) => e.id === '7831')).toMatchObject({
      type: 'person',
      primaryName: 'DUMONT, Lionel',
      birthDates: ['1971-01-21', '1971-01-19', '1975-01-29'],
      programs: ['SDGT'],
    });
    expect(ofac.entries.find((e) => e.id === '7831')?.aliases).toContainEqual({ name: 'LAJONEL DIMON', quality: 'aka' });
    expect(ofac.entries.find((e) => e.id === '4243')).toMatchObject({ type: 'vessel', imo: '7406784', countries: ['PA'] });
  });

  it('parses the date forms OFAC writes', () => {
    expect(parseOfacDate('21 Jan 1971')).toBe('1971-01-21');
    expect(parseOfacDate('Jan 1971')).toBe('1971-01');
    expect(parseOfacDate('circa 1965')).toBe('1965');
    expect(parseOfacDate('1958 to 1960')).toBe('1958/1960');
  });

  it('joins aliases and address countries from a full release', () => {
    const dir = new URL('../../data/sanctions/ofac-release-2021-07/', import.meta.url);
    const release = loadOfacRelease(
      { sdn: readListText(new URL('sdn.csv.gz', dir)), alt: readListText(new URL('alt.csv.gz', dir)), add: readListText(new URL('add.csv.gz', dir)) },
      '2021-07',
    );
    expect(release.entries).toHaveLength(8976);
    const bnc = release.entries.find((e) => e.id === '306');
    expect(bnc?.aliases.map((a) => a.name)).toEqual(expect.arrayContaining(['BNC', 'NATIONAL BANK OF CUBA']));
    expect(bnc?.countries).toContain('CH');
  });

  it('rejects rows that are not SDN records with the line number', () => {
    expect(() => loadOfacSdnCsv('36,"A"\n', '2024-01-01')).toThrow(expect.objectContaining({ code: 'SANCTIONS_OFAC_ROW_INVALID' }));
  });
});

describe('list editions', () => {
  it('diffs the 2024-09-26 and 2025-04-19 UN editions', () => {
    const diff = diffEditions(un2024, un2025);
    expect(diff).toMatchObject({ source: 'UN', fromEdition: un2024.edition, toEdition: un2025.edition });
    expect(un2024.edition.startsWith('2024-09-26')).toBe(true);
    expect(diff.added.length).toBeGreaterThan(0);
    expect(diff.changed.length).toBeGreaterThan(0);
    expect(un2025.entries.length - un2024.entries.length).toBe(diff.added.length - diff.removed.length);
    console.log(`UN 2024-09-26 -> 2025-04-19: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`);
  });

  it('re-screening against the new edition finds a party that only the new edition lists', () => {
    const diff = diffEditions(un2024, un2025);
    const addedEntry = un2025.entries.find((e) => e.id === diff.added[0])!;
    const oldIndex = buildSanctionsIndex([un2024]);
    const newIndex = buildSanctionsIndex([un2025]);
    const query = { name: addedEntry.primaryName };
    expect(screenParty(oldIndex, query).some((m) => m.entry.id === addedEntry.id)).toBe(false);
    expect(screenParty(newIndex, query).some((m) => m.entry.id === addedEntry.id)).toBe(true);
  });

  it('loads an operator-supplied file by content, requiring an edition for OFAC', () => {
    const un = loadSanctionsFile(new URL('../../data/sanctions/consolidated-2024-09-26.xml.gz', import.meta.url));
    expect(un.edition).toBe(un2024.edition);
    const sdn = new URL('../../data/sanctions/sdn-2024-05-03.csv.gz', import.meta.url);
    expect(() => loadSanctionsFile(sdn)).toThrow(expect.objectContaining({ code: 'SANCTIONS_EDITION_REQUIRED' }));
    expect(loadSanctionsFile(sdn, { edition: '2024-05-03' }).entries).toHaveLength(14965);
  });
});
