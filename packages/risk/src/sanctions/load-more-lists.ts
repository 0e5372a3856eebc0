/**
 * Three more official lists in the same SanctionsList shape as the UN and OFAC SDN loaders:
 * - OFAC Consolidated (non-SDN) list, official XML (`sdnList`): names, a.k.a.s, dates of birth,
 *   nationalities, address countries, programs; the edition is its Publish_Date;
 * - Canada Consolidated Autonomous Sanctions List (SEMA), official XML (`data-set/record`): persons
 *   (LastName/GivenName), entities and ships (EntityOrShip, ShipIMONumber), aliases; the file carries no
 *   date, so the edition is its latest DateOfListing;
 * - US BIS Denied Persons List, official tab-separated text: one row per name and address, merged per
 *   name; no entity type, no date of its own (the edition must be given, like OFAC's sdn.csv).
 * The EU consolidated financial sanctions list and the UK sanctions list are not loaded: no copy of
 * either is available to this project yet.
 */
import { AppError, parseCsv } from '@safe-screen/domain';
import { childNodes, childText, parseXmlTree, type XmlNode } from '../text/parse-xml-tree.js';
import { isLegalFormWord, tokeniseName } from './normalise-name.js';
import { parseOfacDate } from './load-ofac-sdn.js';
import { resolveCountry } from './resolve-country.js';
import type { SanctionsEntry, SanctionsEntryType, SanctionsList } from './sanctions-list.js';

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

function personName(node: XmlNode, last: string, first: string): string | undefined {
  const lastName = childText(node, last);
  const firstName = childText(node, first);
  if (lastName === undefined) return firstName;
  return firstName === undefined ? lastName : `${lastName}, ${firstName}`;
}

// --- OFAC consolidated (non-SDN) XML ---

function ofacType(sdnType: string | undefined): SanctionsEntryType {
  if (sdnType === 'Individual') return 'person';
  if (sdnType === 'Vessel') return 'vessel';
  return 'organisation';
}

export function loadOfacConsolidatedXml(xmlText: string): SanctionsList {
  const root = parseXmlTree(xmlText).children.find((c) => c.name === 'sdnList');
  if (root === undefined) throw new AppError('SANCTIONS_OFAC_XML_ROOT_MISSING', 'not an OFAC list XML: no sdnList root');
  const published = childText(root.children.find((c) => c.name === 'publshInformation') ?? root, 'Publish_Date');
  const date = published === undefined ? undefined : /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(published);
  if (date === undefined || date === null) throw new AppError('SANCTIONS_OFAC_XML_EDITION_MISSING', 'OFAC list XML has no Publish_Date (MM/DD/YYYY)');
  const entries = childNodes(root, 'sdnEntry').map((node): SanctionsEntry => {
    const id = childText(node, 'uid');
    const primaryName = personName(node, 'lastName', 'firstName');
    if (id === undefined || primaryName === undefined) throw new AppError('SANCTIONS_OFAC_XML_ENTRY_INVALID', 'OFAC list XML: an sdnEntry has no uid or lastName', { uid: id });
    const list = (group: string, item: string) => childNodes(node, group).flatMap((g) => childNodes(g, item));
    const aliases = list('akaList', 'aka').flatMap((aka) => {
      const name = personName(aka, 'lastName', 'firstName');
      return name === undefined ? [] : [{ name, quality: `${childText(aka, 'type') ?? 'a.k.a.'} ${childText(aka, 'category') ?? ''}`.trim() }];
    });
    const entry: SanctionsEntry = {
      id,
      source: 'OFAC-CONS',
      type: ofacType(childText(node, 'sdnType')),
      primaryName,
      aliases,
      originalScriptNames: [],
      countries: unique([
        ...list('nationalityList', 'nationality').map((n) => resolveCountry(childText(n, 'country') ?? '')),
        ...list('citizenshipList', 'citizenship').map((n) => resolveCountry(childText(n, 'country') ?? '')),
        ...list('addressList', 'address').map((a) => resolveCountry(childText(a, 'country') ?? '')),
      ]),
      birthDates: unique(list('dateOfBirthList', 'dateOfBirthItem').map((d) => parseOfacDate(childText(d, 'dateOfBirth') ?? ''))),
      programs: list('programList', 'program').map((p) => p.text.trim()).filter((p) => p !== ''),
    };
    const imo = list('idList', 'id').find((i) => /IMO/i.test(childText(i, 'idType') ?? ''));
    const imoNumber = imo === undefined ? undefined : /\d{7}/.exec(childText(imo, 'idNumber') ?? '')?.[0];
    if (imoNumber !== undefined) entry.imo = imoNumber;
    const remarks = childText(node, 'remarks');
    if (remarks !== undefined) entry.remarks = remarks;
    return entry;
  });
  return { source: 'OFAC-CONS', edition: `${date[3]}-${date[1]}-${date[2]}`, entries };
}

// --- Canada SEMA XML ---

export function loadCanadaSemaXml(xmlText: string): SanctionsList {
  const root = parseXmlTree(xmlText).children.find((c) => c.name === 'data-set');
  if (root === undefined) throw new AppError('SANCTIONS_SEMA_ROOT_MISSING', 'not a Canada SEMA list XML: no data-set root');
  let edition = '';
  const entries = childNodes(root, 'record').map((node, i): SanctionsEntry => {
    const country = childText(node, 'Country');
    const listed = childText(node, 'DateOfListing');
    if (listed !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(listed) && listed > edition) edition = listed;
    const person = personName(node, 'LastName', 'GivenName');
    const entityOrShip = childText(node, 'EntityOrShip');
    const imo = childText(node, 'ShipIMONumber');
    const primaryName = person ?? entityOrShip;
    if (primaryName === undefined) {
      throw new AppError('SANCTIONS_SEMA_RECORD_INVALID', `Canada SEMA record ${i + 1} has neither LastName/GivenName nor EntityOrShip`, { record: i + 1 });
    }
    const born = childText(node, 'DateOfBirthOrShipBuildDate');
    const entry: SanctionsEntry = {
      id: `${country ?? '?'}/${childText(node, 'Schedule') ?? '?'}/${childText(node, 'Item') ?? i + 1}`,
      source: 'CA-SEMA',
      type: person !== undefined ? 'person' : imo !== undefined ? 'vessel' : 'organisation',
      primaryName,
      aliases: [],
      // Aliases are mostly the name in its own script (Cyrillic, Persian), sometimes a Latin variant.
      originalScriptNames: unique(childNodes(node, 'Aliases').map((a) => a.text.trim())),
      countries: unique([country === undefined ? undefined : resolveCountry(country.split(' / ')[0]!)]),
      birthDates: person !== undefined && born !== undefined ? [born] : [],
      programs: unique([country === undefined ? undefined : `SEMA ${country.split(' / ')[0]}`]),
    };
    if (imo !== undefined && /^\d{7}$/.test(imo)) entry.imo = imo;
    return entry;
  });
  if (edition === '') throw new AppError('SANCTIONS_SEMA_EDITION_MISSING', 'Canada SEMA list has no DateOfListing to date it by');
  return { source: 'CA-SEMA', edition, entries };
}

// --- BIS Denied Persons List ---

const DPL_COLUMNS = ['Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date', 'Expiration_Date'] as const;

export function loadBisDpl(text: string, edition: string): SanctionsList {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), { delimiter: '\t' });
  const header = rows[0]?.fields.map((f) => f.trim()) ?? [];
  const at = Object.fromEntries(DPL_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof DPL_COLUMNS)[number], number>;
  const missing = DPL_COLUMNS.filter((c) => at[c] < 0);
  if (missing.length > 0) throw new AppError('SANCTIONS_DPL_HEADER_INVALID', `BIS DPL header lacks ${missing.join(', ')}`, { missing });
  const byName = new Map<string, SanctionsEntry>();
  for (const row of rows.slice(1)) {
    const cell = (c: (typeof DPL_COLUMNS)[number]) => (row.fields[at[c]] ?? '').trim();
    const name = cell('Name');
    if (name === '') {
      if (row.fields.every((f) => f.trim() === '')) continue;
      throw new AppError('SANCTIONS_DPL_ROW_INVALID', `BIS DPL line ${row.line}: Name is empty`, { line: row.line });
    }
    const key = tokeniseName(name).join(' ');
    const country = cell('Country') === '' ? undefined : resolveCountry(cell('Country'));
    const existing = byName.get(key);
    if (existing !== undefined) {
      if (country !== undefined && !existing.countries.includes(country)) existing.countries.push(country);
      continue;
    }
    byName.set(key, {
      id: `DPL:${key}`,
      source: 'BIS-DPL',
      // The list does not say; a legal-form word is the only hint.
      type: name.split(/[\s,.]+/).some((t) => isLegalFormWord(t.toLowerCase())) ? 'organisation' : 'person',
      primaryName: name,
      aliases: [],
      originalScriptNames: [],
      countries: country === undefined ? [] : [country],
      birthDates: [],
      programs: [`DPL ${cell('Effective_Date')}`.trim()],
    });
  }
  return { source: 'BIS-DPL', edition, entries: [...byName.values()] };
}
