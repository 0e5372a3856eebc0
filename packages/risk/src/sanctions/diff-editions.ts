import { computeEntryRevision } from './entry-revision.js';
import type { SanctionsList } from './sanctions-list.js';

export interface EditionDiff {
  source: string;
  fromEdition: string;
  toEdition: string;
  added: string[];
  removed: string[];
  /** Entries whose screening-relevant content (names, aliases, dates, countries, IMO) changed. */
  changed: string[];
}

/** What a new edition changes; open consignments are re-screened when `added` or `changed` is non-empty. */
export function diffEditions(oldList: SanctionsList, newList: SanctionsList): EditionDiff {
  const before = new Map(oldList.entries.map((e) => [e.id, computeEntryRevision(e)]));
  const after = new Map(newList.entries.map((e) => [e.id, computeEntryRevision(e)]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const [id, revision] of after) {
    const previous = before.get(id);
    if (previous === undefined) added.push(id);
    else if (previous !== revision) changed.push(id);
  }
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const byId = (a: string, b: string) => a.localeCompare(b);
  return { source: newList.source, fromEdition: oldList.edition, toEdition: newList.edition, added: added.sort(byId), removed: removed.sort(byId), changed: changed.sort(byId) };
}
