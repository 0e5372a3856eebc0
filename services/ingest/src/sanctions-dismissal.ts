/**
 * Recomputes the fingerprint of a sanctions hit an officer dismisses as a false positive, exactly as
 * screening computes it (party query + list entry revision), so the next assessment skips that pair
 * and only that pair: a renamed party or a changed list entry fires again.
 */
import { AppError, type Consignment, type Filing, type RiskHit } from '@safe-screen/domain';
import { buildSanctionsIndex, sanctionsFingerprint, type SanctionsIndex, type SanctionsList, type ScreeningQuery } from '@safe-screen/risk';

/** The screening query behind a hit's evidence field (`parties[1].name`, `filing.parties[0].name`, `conveyance`). */
export function screeningQueryFor(field: string, consignment: Consignment, filing: Filing): ScreeningQuery | undefined {
  const party = /^(filing\.)?parties\[(\d+)\]\.name$/.exec(field);
  if (party !== null) {
    const p = (party[1] === undefined ? consignment.parties : filing.parties)[Number(party[2])];
    if (p?.name === undefined) return undefined;
    const query: ScreeningQuery = { name: p.name };
    if (p.address?.country !== undefined) query.country = p.address.country;
    return query;
  }
  if (field === 'conveyance') {
    const c = filing.conveyance;
    const query: ScreeningQuery = { name: c.name ?? '', type: 'vessel' };
    if (c.identifier !== undefined) query.imo = c.identifier;
    return query;
  }
  return undefined;
}

export interface DismissalTarget {
  fingerprint: string;
  entryId: string;
  partyName: string;
  ruleId: string;
}

export function dismissalFor(hit: RiskHit, consignment: Consignment, filing: Filing, index: SanctionsIndex): DismissalTarget {
  if (hit.source !== 'sanctions') throw new AppError('ACTION_NOT_ALLOWED', `${hit.ruleId} is not a sanctions match`);
  const [, source, ...rest] = hit.ruleId.split(':');
  const entryId = rest.join(':');
  const entry = index.entries.find((e) => e.source === source && e.id === entryId);
  if (entry === undefined) throw new AppError('ACTION_NOT_ALLOWED', `list entry ${source ?? ''} ${entryId} is not in the active list editions`);
  const evidence = hit.evidence[0];
  const query = evidence === undefined ? undefined : screeningQueryFor(evidence.field, consignment, filing);
  if (query === undefined) throw new AppError('ACTION_NOT_ALLOWED', 'the screened party of this match is no longer in the filing');
  return { fingerprint: sanctionsFingerprint(query, entry), entryId: `${entry.source}:${entry.id}`, partyName: query.name, ruleId: hit.ruleId };
}

/** Builds the index once per set of active editions. */
export class SanctionsIndexCache {
  private key = '';
  private index: SanctionsIndex | undefined;

  get(editions: { id: string; list: Record<string, unknown> }[]): SanctionsIndex {
    const key = editions.map((e) => e.id).sort().join('|');
    if (this.index === undefined || key !== this.key) {
      this.index = buildSanctionsIndex(editions.map((e) => e.list as unknown as SanctionsList));
      this.key = key;
    }
    return this.index;
  }
}
