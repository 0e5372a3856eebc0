/**
 * Assembles the risk snapshot the workers run with: the active rule set, the active sanctions list
 * editions and the decision policy. It lives in the database so every instance assesses with the
 * same versions; on first start the shipped starter rule set and list editions are stored there.
 */
import { createHash } from 'node:crypto';
import type { Config } from '@safe-screen/config';
import {
  activateRuleSet,
  findActiveRuleSet,
  findActiveTargetingModel,
  listActiveSanctionsEditions,
  saveRuleSet,
  saveSanctionsEdition,
  type Database,
} from '@safe-screen/db';
import { DEFAULT_POLICY, loadShippedSanctionsLists, loadStarterRuleSet, type SanctionsList } from '@safe-screen/risk';
import type { TargetingModel } from '@safe-screen/learning';
import { isKnownCountry } from '@safe-screen/reference';
import type { RiskSnapshot } from './worker-tasks.js';

export interface SnapshotVersions {
  ruleSetVersion: string;
  sanctionsEditions: string[];
  modelVersion: string | null;
}

export async function ensureDefaults(database: Database): Promise<void> {
  const db = database.db;
  if ((await findActiveRuleSet(db)) === undefined) {
    const starter = loadStarterRuleSet();
    await saveRuleSet(db, { version: starter.version, document: starter as unknown as Record<string, unknown>, createdBy: 'system (starter rule set)' });
    // Another instance may have activated one meanwhile: only activate when still none is active.
    if ((await findActiveRuleSet(db)) === undefined) await activateRuleSet(db, starter.version);
  }
  if ((await listActiveSanctionsEditions(db)).length === 0) {
    for (const list of loadShippedSanctionsLists()) {
      await saveSanctionsEdition(db, { id: `${list.source}:${list.edition}`, source: list.source, edition: list.edition, list: list as unknown as Record<string, unknown> });
    }
  }
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Every ISO 3166-1 alpha-2 code the shipped list knows. */
function knownCountries(): string[] {
  const codes: string[] = [];
  for (const a of LETTERS) for (const b of LETTERS) if (isKnownCountry(a + b)) codes.push(a + b);
  return codes;
}

export async function loadRiskSnapshot(database: Database, config: Config): Promise<{ snapshot: RiskSnapshot; versions: SnapshotVersions }> {
  const db = database.db;
  const ruleSet = await findActiveRuleSet(db);
  if (ruleSet === undefined) throw new Error('no active rule set: run ensureDefaults first');
  const editions = await listActiveSanctionsEditions(db);
  const model = await findActiveTargetingModel(db);
  const lists = editions.map((e) => e.list as unknown as SanctionsList);
  const others = knownCountries().filter((c) => c !== config.administrationCountry);
  const snapshot: RiskSnapshot = {
    ruleSetDocument: ruleSet.document,
    sanctionsLists: lists,
    policy: {
      ...DEFAULT_POLICY,
      importingCountry: config.administrationCountry,
      randomSelectionRate: config.assessment.randomSelectionRate,
      outboundInspectionCountries: config.outboundPartnerCountries ?? others,
    },
    mra: { administration: config.administrationCountry, domesticCountries: config.aeoDomesticCountries, partners: config.mraPartners },
    ...(model === undefined ? {} : { model: model.model as unknown as TargetingModel }),
    drawSalt: createHash('sha256').update(`${ruleSet.version}`).digest('hex').slice(0, 16),
  };
  return { snapshot, versions: { ruleSetVersion: ruleSet.version, sanctionsEditions: editions.map((e) => e.id).sort(), modelVersion: model?.version ?? null } };
}
