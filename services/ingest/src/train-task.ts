/**
 * The `train` worker task: fitting takes seconds on tens of thousands of outcomes, so it runs on a
 * pool thread rather than the event loop that serves the API. Pure: examples and settings in, the
 * model and its metrics out.
 *
 * Metrics are measured on the random control group, which training leaves out by default: those
 * consignments were selected by lot, not by the targeting, so the model's ranking of them is the
 * one unbiased view of how well it would target the whole traffic.
 */
import {
  INSPECTION_RATES,
  isAdverse,
  isControlGroupExample,
  measureAtInspectionRates,
  measureRandomSelection,
  scoreProbability,
  trainModel,
  type LabelledExample,
  type RateMetrics,
  type TargetingModel,
  type TrainingSettings,
} from '@safe-screen/learning';

export interface TrainTaskInput {
  examples: LabelledExample[];
  settings: TrainingSettings;
  /** ISO timestamp recorded in the model (its date is part of the version). */
  trainedAt: string;
}

export interface TargetingMetrics {
  target: TrainingSettings['target'];
  examples: number;
  adverse: number;
  controlGroupExcluded: number;
  trainMilliseconds: number;
  /** Control-group examples scored by the model; absent when training used them. */
  controlGroup?: { examples: number; adverse: number; model: RateMetrics[]; random: RateMetrics[] };
}

export interface TrainTaskOutput {
  model: TargetingModel;
  metrics: TargetingMetrics;
}

declare module './worker-tasks.js' {
  interface WorkerTasks {
    train(input: TrainTaskInput): Promise<TrainTaskOutput>;
  }
}

export function runTrain(input: TrainTaskInput): TrainTaskOutput {
  const started = performance.now();
  const model = trainModel(input.examples, input.settings, { trainedAt: input.trainedAt });
  const trainMilliseconds = Math.round(performance.now() - started);
  const metrics: TargetingMetrics = {
    target: model.target,
    examples: model.training.examples,
    adverse: model.training.adverse,
    controlGroupExcluded: model.training.controlGroupExcluded,
    trainMilliseconds,
  };
  if (!input.settings.includeControlGroup) {
    const control = input.examples.filter(isControlGroupExample);
    if (control.length > 0) {
      const labels = control.map((e) => (isAdverse(e.outcome, model.target) ? 1 : 0));
      const scores = control.map((e) => scoreProbability(model, e.features));
      metrics.controlGroup = {
        examples: control.length,
        adverse: labels.reduce((a: number, b) => a + b, 0),
        model: measureAtInspectionRates(scores, labels, INSPECTION_RATES),
        random: measureRandomSelection(labels, INSPECTION_RATES),
      };
    }
  }
  return { model, metrics };
}
