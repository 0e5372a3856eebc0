import { describe, expect, it } from 'vitest';
import { loadBisDpl, loadCanadaSemaXml, loadOfacConsolidatedXml } from './load-more-lists.js';
import { loadShippedMoreLists } from './load-sanctions-file.js';
import { buildSanctionsIndex } from './sanctions-index.js';
import { screenParty } from './screen-party.js';

// The real files shipped in data/sanctions (see data/PROVENANCE.md).
const [ofacCons, sema, dpl] = loadShippedMoreLists();

describe('OFAC consolidated (non-SDN) XML loader', () => {
  it('reads names, a.k.a.s, dates of birth and programs, dated by Publish_Date', () => {
    expect(ofacCons!.edition).toBe('2025-03-28');
    expect(ofacCons!.entries).toHaveLength(443);
    expect(ofacCons!.entries.find((e) => e.id === '9639')).toMatchObject({
      source: 'OFAC-CONS',
      type: 'person',
      primaryName: 'HANIYA, Ismail Abdul Salah',
      aliases: [{ name: 'HANIYA, Ismail', quality: 'a.k.a. strong' }, { name: 'HANIYYA, Ismaeel', quality: 'a.k.a. strong' }],
      birthDates: ['1962'],
      programs: ['NS-PLC'],
    });
  });

  it('refuses a file without the list root or date, naming what is missing', () => {
    expect(() => loadOfacConsolidatedXml('<other/>')).toThrow(expect.objectContaining({ code: 'SANCTIONS_OFAC_XML_ROOT_MISSING' }));
    expect(() => loadOfacConsolidatedXml('<sdnList><publshInformation/></sdnList>')).toThrow(expect.objectContaining({ code: 'SANCTIONS_OFAC_XML_EDITION_MISSING' }));
  });
});

describe('Canada SEMA XML loader', () => {
  it('reads persons, entities and ships with IMO numbers, countries and aliases', () => {
    expect(sema!.edition).toBe('2025-03-20');
    expect(sema!.entries).toHaveLength(4759);
    expect(sema!.entries[0]).toMatchObject({ source: 'CA-SEMA', type: 'person', primaryName: 'Atabekov, Khazalbek Bakhtibekovich', countries: ['BY'] });
    expect(sema!.entries.find((e) => e.imo === '7612448')).toMatchObject({ type: 'vessel', primaryName: 'Balitiyskiy III', countries: ['RU'] });
    expect(sema!.entries.filter((e) => e.originalScriptNames.length > 0).length).toBeGreaterThan(2000);
  });

  it('refuses a record with no name', () => {
    expect(() => loadCanadaSemaXml('<data-set><record><Country>Russia / Russie</Country><DateOfListing>2022-01-01</DateOfListing></record></data-set>')).toThrow(
      expect.objectContaining({ code: 'SANCTIONS_SEMA_RECORD_INVALID' }),
    );
  });
});

describe('BIS Denied Persons List loader', () => {
  it('merges one row per address into one entry per name', () => {
    expect(dpl!.edition).toBe('2022-09-07');
    expect(dpl!.entries.length).toBeGreaterThan(400);
    expect(dpl!.entries.length).toBeLessThan(581);
    expect(dpl!.entries.find((e) => e.primaryName === 'MEHMET HAKAN ATILLA')).toMatchObject({ source: 'BIS-DPL', type: 'person', countries: ['TR'] });
  });

  it('names a missing column', () => {
    expect(() => loadBisDpl('"Name"\t"City"\n"X"\t"Y"\n', '2022-09-07')).toThrow(expect.objectContaining({ code: 'SANCTIONS_DPL_HEADER_INVALID' }));
  });
});

describe('screening against the further lists', () => {
  it('finds their entries like any other list', () => {
    const index = buildSanctionsIndex([ofacCons!, sema!, dpl!]);
    expect(screenParty(index, { name: 'Ismaeel Haniyya' }).map((m) => m.entry.id)).toContain('9639');
    expect(screenParty(index, { name: 'Mehmet Hakan Atila' }).map((m) => m.entry.source)).toContain('BIS-DPL');
  });
});
