/**
 * `npm run evaluate:targeting` (or `npx tsx --conditions=source packages/learning/src/evaluate.ts`):
 * the README's evaluation protocol on the KCS files shipped in data/kcs, or on --history/--later.
 * `--grid` also re-runs the settings choice on the choosing split (settings-grid.ts; several minutes).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateTargeting } from './evaluate-targeting.js';
import { formatEvaluation } from './format-evaluation.js';
import { SETTINGS_GRID } from './settings-grid.js';

const dataDir = fileURLToPath(new URL('../data/kcs/', import.meta.url));
const { values } = parseArgs({
  options: {
    history: { type: 'string', default: `${dataDir}df_syn_train_eng.csv` },
    later: { type: 'string', default: `${dataDir}df_syn_valid_eng.csv` },
    grid: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const evaluation = evaluateTargeting({
  historyCsv: readFileSync(values.history, 'utf8'),
  laterCsv: readFileSync(values.later, 'utf8'),
  ...(values.grid ? { grid: SETTINGS_GRID } : {}),
});
process.stdout.write(values.json ? `${JSON.stringify(evaluation, null, 2)}\n` : `${formatEvaluation(evaluation)}\n`);
