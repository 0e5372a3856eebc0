/**
 * Throughput of parseFiling on a large generated canonical sea manifest (not a timed test: numbers
 * depend on the machine). Usage: npx tsx --conditions source scripts/bench-parse.ts [consignments] [runs]
 * Reports wall and CPU time per run; CPU time is the fairer figure on a shared machine.
 */
import { parseFiling } from '../src/parse-filing.js';
import { generateCanonicalManifest } from '../src/testing/generate-manifest.js';

const consignments = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
const xml = Buffer.from(generateCanonicalManifest({ consignments, seed: 20_26, riskyShare: 0.05 }));
const megabytes = xml.length / 1_000_000;
console.log(`manifest: ${consignments} house consignments, ${megabytes.toFixed(1)} MB`);

// Code lists load once per process (about 0.3 s); load them before timing, as a warm worker would have.
await parseFiling(generateCanonicalManifest({ consignments: 10, seed: 1, riskyShare: 0 }));

for (let run = 1; run <= runs; run++) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const outcome = await parseFiling(xml);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  if (!outcome.ok) throw new Error(`generated manifest rejected: ${JSON.stringify(outcome.issues.slice(0, 3))}`);
  const heapMb = process.memoryUsage().heapUsed / 1_000_000;
  console.log(
    `run ${run}: wall ${wallMs.toFixed(0)} ms (${(megabytes / (wallMs / 1000)).toFixed(1)} MB/s, ${Math.round(consignments / (wallMs / 1000))} consignments/s); ` +
      `cpu ${cpuMs.toFixed(0)} ms (${(megabytes / (cpuMs / 1000)).toFixed(1)} MB/s); heap after ${heapMb.toFixed(0)} MB; ${outcome.filing.consignments.length} consignments, ${outcome.issues.length} issues`,
  );
}

// Where the time goes: XML tree (saxes), canonical mapping, data-quality gate.
const { parseXmlFast } = await import('../src/parse-xml-fast.js');
const { parseCanonical } = await import('../src/canonical/parse-canonical.js');
const { runGate } = await import('../src/gate/run-gate.js');
const cpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
let mark = cpuMs();
const tree = parseXmlFast(xml);
const xmlMs = cpuMs() - mark;
if (!tree.ok) throw new Error(tree.issue.message);
mark = cpuMs();
const mapped = parseCanonical(tree.xml);
const mapMs = cpuMs() - mark;
if (!mapped.ok) throw new Error('mapping failed');
mark = cpuMs();
runGate(mapped.filing);
const gateMs = cpuMs() - mark;
console.log(`cpu by phase: xml ${xmlMs.toFixed(0)} ms, canonical mapping ${mapMs.toFixed(0)} ms, gate ${gateMs.toFixed(0)} ms`);
