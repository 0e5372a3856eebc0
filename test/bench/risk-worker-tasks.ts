/**
 * One thread of the risk throughput figures. It builds the engine once from the snapshot it receives
 * (as a pool worker does), then runs whatever it is sent: sanctions screening of party names, or whole
 * assessment batches through the service's own task function (rules, screening, AEO, decision plan).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareEngine, runAssess, type AssessTaskInput, type RiskSnapshot } from '@safe-screen/ingest/worker-tasks';
import { screenParty } from '@safe-screen/risk';

export type RiskWorkerMessage = { kind: 'screen'; names: string[]; rounds: number } | { kind: 'assess'; batches: AssessTaskInput[] };

const engine = prepareEngine(workerData as RiskSnapshot);

parentPort!.on('message', (message: RiskWorkerMessage) => {
  const started = performance.now();
  let count = 0;
  if (message.kind === 'screen') {
    for (let r = 0; r < message.rounds; r++) {
      for (const name of message.names) {
        screenParty(engine.sanctions, { name });
        count++;
      }
    }
  } else {
    for (const batch of message.batches) count += runAssess(engine, batch).decisions.length;
  }
  parentPort!.postMessage({ ms: performance.now() - started, count });
});
