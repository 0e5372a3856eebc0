/**
 * `npm run evaluate:targeting` (or `npx tsx --conditions=source packages/learning/src/evaluate.ts`):
 * the README's evaluation protocol on the KCS files shipped in data/kcs, or on --train/--valid.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateTargeting } from './evaluate-targeting.js';
import { formatEvaluation } from './format-evaluation.js';

const dataDir = fileURLToPath(new URL('../data/kcs/', import.meta.url));
const { values } = parseArgs({
  options: {
    train: { type: 'string', default: `${dataDir}df_syn_train_eng.csv` },
    valid: { type: 'string', default: `${dataDir}df_syn_valid_eng.csv` },
    json: { type: 'boolean', default: false },
  },
});
const evaluation = evaluateTargeting({ trainCsv: readFileSync(values.train, 'utf8'), validCsv: readFileSync(values.valid, 'utf8') });
process.stdout.write(values.json ? `${JSON.stringify(evaluation, null, 2)}\n` : `${formatEvaluation(evaluation)}\n`);
