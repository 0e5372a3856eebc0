/**
 * `safe-screen rules validate|shadow|activate`: a rule set goes from a file to production in three
 * steps an operator can script: validate it, see what it would change over recent filings, then
 * activate it (every instance switches at its next snapshot refresh, within 10 s).
 */
import { existsSync, readFileSync } from 'node:fs';
import { activateRuleSet, countAssessedConsignments, findRuleSet, listAssessedConsignments, saveRuleSet } from '@safe-screen/db';
import { parseRuleSetText, type RuleSet } from '@safe-screen/risk';
import { CliError, EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { withDatabase } from '../open-cli-database.js';
import { formatReassessment, reassessStored } from '@safe-screen/ingest/reassess-stored';

/** Reads and validates a rule set file; prints every issue (as JSON on stdout with --json). */
function readRuleSet(file: string, io: CliIo, json = false): RuleSet | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${file}`);
  }
  const result = parseRuleSetText(text);
  if (result.ok) return result.ruleSet;
  if (json) {
    io.stdout(`${JSON.stringify({ valid: false, file, issues: result.issues }, null, 2)}\n`);
    return undefined;
  }
  for (const issue of result.issues) io.stderr(`${file}: ${issue.path || '(document)'} ${issue.code} ${issue.message}\n`);
  io.stderr(`${result.issues.length} problem(s)\n`);
  return undefined;
}

export function runRulesValidate(file: string, options: { json: boolean }, io: CliIo): ExitCode {
  const ruleSet = readRuleSet(file, io, options.json);
  if (ruleSet === undefined) return EXIT.failed;
  const summary = { valid: true, file, version: ruleSet.version, rules: ruleSet.rules.length, lists: Object.keys(ruleSet.lists).length };
  if (options.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else io.stdout(`valid: rule set ${summary.version}, ${summary.rules} rule(s), ${summary.lists} list(s)\n`);
  return EXIT.ok;
}

export function parsePositiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

export async function runRulesShadow(file: string, options: { days: number; limit: number; examples: number; json: boolean }, io: CliIo): Promise<ExitCode> {
  const ruleSet = readRuleSet(file, io);
  if (ruleSet === undefined) return EXIT.failed;
  const since = new Date(Date.now() - options.days * 86_400_000);
  return withDatabase(io, async (database, config) => {
    const cases = await listAssessedConsignments(database.db, { since, limit: options.limit });
    const total = await countAssessedConsignments(database.db, since);
    const report = await reassessStored(database, config, ruleSet, cases);
    if (options.json) io.stdout(`${JSON.stringify({ proposedVersion: ruleSet.version, since: since.toISOString(), available: total, ...report }, null, 2)}\n`);
    else {
      io.stdout(`shadow run of ${ruleSet.version} over filings received since ${since.toISOString()}\n`);
      if (total > cases.length) io.stdout(`(the newest ${cases.length} of ${total} assessed consignments; raise --limit for all)\n`);
      io.stdout(formatReassessment(report, options.examples));
    }
    return report.failed > 0 ? EXIT.failed : EXIT.ok;
  });
}

export async function runRulesActivate(target: string, options: { json: boolean }, io: CliIo): Promise<ExitCode> {
  const fromFile = existsSync(target);
  const ruleSet = fromFile ? readRuleSet(target, io, options.json) : undefined;
  if (fromFile && ruleSet === undefined) return EXIT.failed;
  return withDatabase(io, async (database) => {
    let version = target;
    if (ruleSet !== undefined) {
      version = ruleSet.version;
      const saved = await saveRuleSet(database.db, { version, document: ruleSet as unknown as Record<string, unknown>, createdBy: 'safe-screen cli' });
      if (saved === 'exists') {
        // A version string names one document forever: refuse a different document under a used version.
        const existing = await findRuleSet(database.db, version);
        if (JSON.stringify(existing?.document) !== JSON.stringify(ruleSet)) {
          io.stderr(`rule set version ${version} already exists with a different document; give the new one a new version\n`);
          return EXIT.failed;
        }
      }
    }
    if (!(await activateRuleSet(database.db, version))) {
      io.stderr(`no rule set version ${version} (neither a file nor a stored version)\n`);
      return EXIT.failed;
    }
    if (options.json) io.stdout(`${JSON.stringify({ activated: version, stored: ruleSet !== undefined }, null, 2)}\n`);
    else io.stdout(`activated rule set ${version}; instances switch within 10 s\n`);
    return EXIT.ok;
  });
}
