/**
 * UN Security Council Consolidated List, official XML (CONSOLIDATED_LIST, sc-sanctions.xsd).
 * Individuals and entities, their aliases with UN quality grades, original-script names, dates of
 * birth, nationalities and address countries. The edition is the list's own `dateGenerated`.
 */
import { AppError } from '@safe-screen/domain';
import { childNodes, childText, parseXmlTree, valueTexts, type XmlNode } from '../text/parse-xml-tree.js';
import { extractImoNumbers } from './extract-imo-numbers.js';
import { resolveCountry } from './resolve-country.js';
import type { SanctionsEntry, SanctionsList } from './sanctions-list.js';

function uniqueDefined(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

function readBirthDates(node: XmlNode): string[] {
  return uniqueDefined(
    childNodes(node, 'INDIVIDUAL_DATE_OF_BIRTH').map((dob) => {
      const date = childText(dob, 'DATE');
      if (date !== undefined) return date.slice(0, 10);
      const year = childText(dob, 'YEAR');
      if (year !== undefined) return year;
      const from = childText(dob, 'FROM_YEAR');
      const to = childText(dob, 'TO_YEAR');
      return from !== undefined && to !== undefined ? `${from}/${to}` : from ?? to;
    }),
  );
}

function readAliases(node: XmlNode, element: string): SanctionsEntry['aliases'] {
  return childNodes(node, element).flatMap((alias) => {
    const name = childText(alias, 'ALIAS_NAME');
    if (name === undefined) return [];
    const quality = childText(alias, 'QUALITY');
    return [quality === undefined ? { name } : { name, quality }];
  });
}

function readEntry(node: XmlNode, kind: 'INDIVIDUAL' | 'ENTITY'): SanctionsEntry {
  const nameParts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((n) => childText(node, n));
  const primaryName = uniqueDefined(nameParts).join(' ');
  const remarks = childText(node, 'COMMENTS1');
  const addressElement = kind === 'INDIVIDUAL' ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS';
  const countries = uniqueDefined([
    ...valueTexts(node, 'NATIONALITY').map(resolveCountry),
    ...childNodes(node, addressElement).map((a) => {
      const country = childText(a, 'COUNTRY');
      return country === undefined ? undefined : resolveCountry(country);
    }),
  ]);
  const imo = remarks === undefined ? undefined : extractImoNumbers(remarks)[0];
  const entry: SanctionsEntry = {
    id: childText(node, 'REFERENCE_NUMBER') ?? `DATAID-${childText(node, 'DATAID') ?? '?'}`,
    source: 'UN',
    type: kind === 'INDIVIDUAL' ? 'person' : 'organisation',
    primaryName,
    aliases: readAliases(node, kind === 'INDIVIDUAL' ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS'),
    originalScriptNames: uniqueDefined([childText(node, 'NAME_ORIGINAL_SCRIPT')]),
    countries,
    birthDates: kind === 'INDIVIDUAL' ? readBirthDates(node) : [],
    programs: uniqueDefined([childText(node, 'UN_LIST_TYPE')]),
  };
  if (imo !== undefined) entry.imo = imo;
  if (remarks !== undefined) entry.remarks = remarks;
  return entry;
}

export function loadUnList(xmlText: string): SanctionsList {
  const document = parseXmlTree(xmlText);
  const root = document.children.find((c) => c.name === 'CONSOLIDATED_LIST');
  if (root === undefined) throw new AppError('SANCTIONS_UN_ROOT_MISSING', 'not a UN consolidated list: no CONSOLIDATED_LIST root');
  const edition = root.attributes['dateGenerated'];
  if (edition === undefined) throw new AppError('SANCTIONS_UN_EDITION_MISSING', 'UN list has no dateGenerated attribute');
  const entries: SanctionsEntry[] = [];
  for (const group of childNodes(root, 'INDIVIDUALS')) for (const n of childNodes(group, 'INDIVIDUAL')) entries.push(readEntry(n, 'INDIVIDUAL'));
  for (const group of childNodes(root, 'ENTITIES')) for (const n of childNodes(group, 'ENTITY')) entries.push(readEntry(n, 'ENTITY'));
  return { source: 'UN', edition, entries };
}
