/**
 * Retrains the targeting model from the labelled inspection outcomes, on a schedule (assessor role)
 * and on demand (the targeting API, any instance).
 *
 * One run at a time per deployment: a run first takes the retraining lease (a settings row with an
 * expiry, see targeting-training-repository.ts), so two instances whose schedules fire together do
 * not both train; the lease also records when the last run was, so the interval is the deployment's.
 *
 * A run reads the outcomes (leaving out consignments that are waiting to be assessed: the model
 * never carries the label of a row it is about to score), fits on a worker thread, and saves the
 * model as a new active version. The version is `<target>-<date>-<hash of rows and settings>`; when
 * the hash equals the active model's, nothing is saved (same data, same model). Instances pick the
 * new model up with their next risk-snapshot refresh; `onActivated` lets this instance do it at once.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { findActiveTargetingModel, claimRetrainLease, listTrainingExamples, releaseRetrainLease, saveActiveTargetingModel, type Database, type TrainingOutcome } from '@safe-screen/db';
import { AppError } from '@safe-screen/domain';
import {
  CATEGORICAL_FEATURES,
  defaultSettings,
  EXAMPLE_SOURCES,
  INSPECTION_FINDINGS,
  isControlGroupExample,
  NUMERIC_FEATURES,
  type ExampleFeatures,
  type ExampleSource,
  type InspectionFinding,
  type LabelledExample,
  type Target,
} from '@safe-screen/learning';
import type { WorkerPool } from './worker-pool.js';
import type { TargetingMetrics } from './train-task.js';

export interface TargetingTrainerOptions {
  database: Database;
  pool: WorkerPool;
  logger: Logger;
  /** Milliseconds between scheduled runs; 0 = on demand only. */
  intervalMs: number;
  /** How often the schedule looks whether a run is due (default one minute). */
  checkEveryMs?: number;
  /** Fewer training examples than this and a run is skipped (default 50). */
  minExamples?: number;
  /** Longest a run may hold the lease (default 30 minutes); also the training task's deadline. */
  leaseMs?: number;
  /** Called after a new model was activated, e.g. to refresh this instance's risk snapshot. */
  onActivated?: () => Promise<unknown>;
}

export interface RetrainRequest {
  target?: Target;
  /** Train on random-control results too (they are then no longer an unbiased yardstick). */
  includeControlGroup?: boolean;
}

export type RetrainResult =
  | { status: 'trained'; version: string; previousVersion: string | null; metrics: TargetingMetrics }
  | { status: 'unchanged'; version: string; examples: number }
  | { status: 'skipped'; reason: 'too_few_examples'; examples: number; minimum: number; message: string };

const FINDINGS = new Set<string>(INSPECTION_FINDINGS);
const SOURCES = new Set<string>(EXAMPLE_SOURCES);

/**
 * A stored outcome as a training example. Rows that are not labels (an unknown finding or source)
 * are left out rather than guessed at; features are narrowed to those the model knows. All lines of
 * one consignment or declaration share its id, so they fall into the same training fold.
 */
export function toLabelledExample(row: TrainingOutcome): LabelledExample | undefined {
  if (!FINDINGS.has(row.outcome) || !SOURCES.has(row.source)) return undefined;
  const features: ExampleFeatures = {};
  for (const name of CATEGORICAL_FEATURES) {
    const value = row.features[name];
    if (typeof value === 'string' && value !== '') features[name] = value;
  }
  for (const name of NUMERIC_FEATURES) {
    const value = row.features[name];
    if (typeof value === 'number' && Number.isFinite(value)) features[name] = value;
  }
  return {
    id: row.reference ?? row.consignmentId ?? `outcome-${row.id}`,
    date: row.date,
    source: row.source as ExampleSource,
    features,
    outcome: row.outcome as InspectionFinding,
  };
}

/** The content part of a model version (`<target>-<date>-<hash>`): equal hashes mean the same model. */
function contentHash(version: string): string {
  return version.slice(version.lastIndexOf('-') + 1);
}

export class TargetingTrainer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly holder = `trainer-${randomUUID()}`;

  constructor(private readonly options: TargetingTrainerOptions) {}

  /** Starts the schedule (a no-op when the interval is 0). */
  start(): void {
    if (this.options.intervalMs <= 0 || this.timer !== undefined) return;
    const tick = (): void => {
      this.track(this.runScheduled()).catch((error: unknown) => this.options.logger.warn({ err: error }, 'scheduled retraining failed'));
    };
    this.timer = setInterval(tick, this.options.checkEveryMs ?? 60_000);
    this.timer.unref();
    tick();
  }

  /** Stops the schedule and waits for a run in progress (its lease is released when it ends). */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** On demand. Throws TARGETING_RETRAIN_BUSY when another run (here or on another instance) holds the lease. */
  async retrain(request: RetrainRequest = {}): Promise<RetrainResult> {
    const claimed = await claimRetrainLease(this.options.database.db, { holder: this.holder, leaseMs: this.leaseMs() });
    if (!claimed) throw new AppError('TARGETING_RETRAIN_BUSY', 'a retraining is already running; try again when it has finished');
    return this.track(this.runHoldingLease(request));
  }

  private async runScheduled(): Promise<RetrainResult | undefined> {
    const claimed = await claimRetrainLease(this.options.database.db, { holder: this.holder, leaseMs: this.leaseMs(), dueEveryMs: this.options.intervalMs });
    if (!claimed) return undefined;
    const result = await this.runHoldingLease({});
    this.options.logger.info({ result: { ...result, metrics: undefined } }, 'scheduled retraining');
    return result;
  }

  private async runHoldingLease(request: RetrainRequest): Promise<RetrainResult> {
    const db = this.options.database.db;
    try {
      const includeControlGroup = request.includeControlGroup ?? false;
      const examples = (await listTrainingExamples(db)).map(toLabelledExample).filter((e): e is LabelledExample => e !== undefined);
      const usable = includeControlGroup ? examples.length : examples.filter((e) => !isControlGroupExample(e)).length;
      // The same settings the `score` command takes for a history of this size.
      const settings = { ...defaultSettings(request.target ?? 'fraud', usable), includeControlGroup };
      const minimum = this.options.minExamples ?? 50;
      if (usable < minimum) {
        return { status: 'skipped', reason: 'too_few_examples', examples: usable, minimum, message: `${usable} labelled outcomes to train on; at least ${minimum} are needed` };
      }
      const output = await this.options.pool.run('train', { examples, settings, trainedAt: new Date().toISOString() }, { queueWaitMs: this.leaseMs() / 2, timeoutMs: this.leaseMs() / 2 });
      const active = await findActiveTargetingModel(db);
      if (active !== undefined && contentHash(active.version) === contentHash(output.model.version)) {
        return { status: 'unchanged', version: active.version, examples: output.metrics.examples };
      }
      await saveActiveTargetingModel(db, {
        version: output.model.version,
        model: output.model as unknown as Record<string, unknown>,
        metrics: output.metrics as unknown as Record<string, unknown>,
      });
      this.options.logger.info({ version: output.model.version, examples: output.metrics.examples }, 'targeting model activated');
      await this.options.onActivated?.();
      return { status: 'trained', version: output.model.version, previousVersion: active?.version ?? null, metrics: output.metrics };
    } finally {
      await releaseRetrainLease(db, { holder: this.holder });
    }
  }

  private leaseMs(): number {
    return this.options.leaseMs ?? 30 * 60_000;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.running = promise;
    return promise;
  }
}
