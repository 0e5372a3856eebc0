/**
 * The piscina worker: thin. It prepares the risk engine once from the snapshot it was started with
 * (compiled rule set, sanctions index) and exposes the task catalog's functions by name.
 */
import { workerData } from 'piscina';
import { prepareEngine, runAssess, runParse, runScreen, type ScreenTaskInput, type AssessTaskInput, type PreparedEngine, type RiskSnapshot } from './worker-tasks.js';

let engine: PreparedEngine | undefined;

function engineOnce(): PreparedEngine {
  engine ??= prepareEngine(workerData as RiskSnapshot);
  return engine;
}

export const parse = runParse;

export async function screen(input: ScreenTaskInput) {
  return runScreen(engineOnce(), input);
}

export async function assess(input: AssessTaskInput) {
  return runAssess(engineOnce(), input);
}
export { runTrain as train } from './train-task.js';
