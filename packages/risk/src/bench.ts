/**
 * Single-threaded throughput: sanctions queries per second and full assessments per second (rules +
 * screening of every party and the vessel + AEO + decision) against the shipped UN 2025-04-19 and
 * OFAC SDN 2024-05-03 index. Run: `npx tsx --conditions=source src/bench.ts` in packages/risk.
 */
import { performance } from 'node:perf_hooks';
import { assessConsignment } from './assessment/assess-consignment.js';
import { drawForConsignment } from './assessment/draw-for-consignment.js';
import { compileRuleSet } from './rules/compile-rule-set.js';
import { loadStarterRuleSet } from './rules/load-starter-rule-set.js';
import { loadShippedSanctionsLists } from './sanctions/load-sanctions-file.js';
import { buildSanctionsIndex } from './sanctions/sanctions-index.js';
import { screenParty } from './sanctions/screen-party.js';
import { buildNameVariants } from './sanctions/testing/name-variants.js';
import { buildOrdinaryNames } from './sanctions/testing/ordinary-names.js';
import { buildAssessmentInput, buildConsignment, buildPolicy } from './testing/build-assessment-input.js';

function time<T>(label: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
  return result;
}

const lists = time('load UN + OFAC lists', () => loadShippedSanctionsLists());
const index = time('build index', () => buildSanctionsIndex(lists));
const json = time('serialise index (JSON)', () => JSON.stringify(index));
time('revive index (JSON.parse)', () => JSON.parse(json) as unknown);
time('structuredClone index (worker transfer cost)', () => structuredClone(index));
console.log(`index: ${index.entries.length} entries, ${index.names.length} names, ${(json.length / 1e6).toFixed(1)} MB as JSON`);

const queries = [...buildNameVariants(lists[0]!, 300).map((v) => v.query), ...buildOrdinaryNames().map((n) => n.name)];
for (const q of queries.slice(0, 200)) screenParty(index, { name: q });
const rounds = 3;
let start = performance.now();
for (let r = 0; r < rounds; r++) for (const q of queries) screenParty(index, { name: q });
let seconds = (performance.now() - start) / 1000;
console.log(`sanctions screening: ${((queries.length * rounds) / seconds).toFixed(0)} queries/s (${queries.length * rounds} queries)`);

const ruleSet = compileRuleSet(loadStarterRuleSet());
const policy = buildPolicy();
const base = buildConsignment();
const variants = [
  buildConsignment(),
  buildConsignment({ routingCountries: ['CN', 'AE', 'RU', 'NL'], goods: [{ ...base.goods[0]!, commodityCode: '854231', description: 'Microcontrollers' }] }),
  buildConsignment({ goods: [{ ...base.goods[0]!, description: 'general cargo' }], paymentMethod: 'A' }),
  buildConsignment({ parties: [base.parties[0]!, { role: 'consignee', name: 'TO ORDER' }, { role: 'notify', name: 'Korea Mirae Shipping Co Ltd' }] }),
];
const inputs = Array.from({ length: 2000 }, (_, i) =>
  buildAssessmentInput({ consignmentId: `C-${i}`, consignment: variants[i % variants.length]!, randomDraw: drawForConsignment(`C-${i}`, 'bench') }),
);
for (const input of inputs.slice(0, 100)) assessConsignment(input, { ruleSet, sanctions: index, policy });
start = performance.now();
const lanes: Record<string, number> = {};
for (const input of inputs) {
  const a = assessConsignment(input, { ruleSet, sanctions: index, policy });
  lanes[a.outcome] = (lanes[a.outcome] ?? 0) + 1;
}
seconds = (performance.now() - start) / 1000;
console.log(`assessments: ${(inputs.length / seconds).toFixed(0)} /s single-threaded (${inputs.length} consignments, 3 parties + vessel screened each)`);
console.log(`outcomes: ${JSON.stringify(lanes)}`);
