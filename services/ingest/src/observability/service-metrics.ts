/**
 * Prometheus metrics of one instance, on a registry of its own (tests start several instances in
 * one process, and a global registry would mix them). Counters are fed by hooks (registration
 * responses, the assessor's onDecisions, the relay's onPublished/onFailed); gauges are read when
 * Prometheus scrapes: worker pool stats, the outbox backlog (global: it comes from the shared
 * database, so every instance reports the same figure) and the risk snapshot versions.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsSources {
  /** Worker pool figures, or undefined before the pool starts. */
  workerStats: () => { threads: number; queueSize: number; utilization: number } | undefined;
  /** Pending outbox rows and the age of the oldest, from the database. */
  outboxBacklog: () => Promise<{ pending: number; oldestAgeSeconds: number; failed?: number }>;
  versions: () => { ruleSetVersion: string; sanctionsEditions: string[] };
  /**
   * Count decisions by outcome (do_not_load, screening_request, …). Off when /metrics is open to
   * anyone outside the embedded default (no METRICS_TOKEN): per-outcome counters moving right after a
   * filing would tell a filer what was decided about it before it is told. Off, they count "all".
   */
  outcomeLabels?: boolean;
}

/** Registration answers, as the filings route gives them. */
export type FilingResult = 'registered' | 'amended' | 'duplicate' | 'rejected';

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly filings: Counter<'format' | 'result'>;
  private readonly consignments: Counter;
  private readonly decisions: Counter<'outcome'>;
  private readonly assessmentSeconds: Histogram;
  private readonly kafkaPublished: Counter;
  private readonly kafkaFailures: Counter;

  private readonly outcomeLabels: boolean;

  constructor(sources: MetricsSources) {
    this.outcomeLabels = sources.outcomeLabels !== false;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'safe_screen_process_' });
    this.filings = new Counter({ name: 'safe_screen_filings_total', help: 'Filings received, by format (root element or parsed format) and result', labelNames: ['format', 'result'], registers });
    this.consignments = new Counter({ name: 'safe_screen_consignments_registered_total', help: 'Consignments registered for assessment (new filings and amendments)', registers });
    this.decisions = new Counter({ name: 'safe_screen_decisions_total', help: 'Consignment decisions stored, by outcome', labelNames: ['outcome'], registers });
    // Per-consignment time on the worker pool; an assessment batch takes tens of milliseconds.
    this.assessmentSeconds = new Histogram({
      name: 'safe_screen_assessment_duration_seconds',
      help: 'Assessment time per consignment (batch time divided by batch size), seconds',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.kafkaPublished = new Counter({ name: 'safe_screen_kafka_published_total', help: 'Outbox messages the broker acknowledged', registers });
    this.kafkaFailures = new Counter({ name: 'safe_screen_kafka_delivery_failures_total', help: 'Outbox messages whose publish failed and were deferred for retry', registers });

    new Gauge({
      name: 'safe_screen_worker_threads',
      help: 'Worker threads in the pool',
      registers,
      collect() { this.set(sources.workerStats()?.threads ?? 0); },
    });
    new Gauge({
      name: 'safe_screen_worker_queue_depth',
      help: 'Tasks waiting for a worker thread',
      registers,
      collect() { this.set(sources.workerStats()?.queueSize ?? 0); },
    });
    new Gauge({
      name: 'safe_screen_worker_utilization_ratio',
      help: 'Share of the pool capacity in use since it started, 0..1',
      registers,
      collect() { this.set(sources.workerStats()?.utilization ?? 0); },
    });
    // One query per scrape serves both outbox gauges: the first collector (registered first, so
    // collected first) starts it, the second awaits it. A database outage shows as NaN rather than
    // failing the scrape (or reporting an empty outbox).
    let backlogQuery: Promise<{ pending: number; oldestAgeSeconds: number; failed?: number } | undefined> | undefined;
    const readBacklog = () => sources.outboxBacklog().catch(() => undefined);
    new Gauge({
      name: 'safe_screen_outbox_pending',
      help: 'Outbox messages not yet acknowledged by the broker (all instances)',
      registers,
      async collect() {
        backlogQuery = readBacklog();
        const figures = await backlogQuery;
        this.set(figures?.pending ?? Number.NaN);
      },
    });
    new Gauge({
      // Alert on > 0: a message that failed its topic's schema is never sent until an operator retries it.
      name: 'safe_screen_outbox_failed',
      help: 'Outbox messages the relay gave up on (invalid for their topic), waiting for an operator (all instances)',
      registers,
      async collect() {
        const figures = await (backlogQuery ?? readBacklog());
        this.set(figures === undefined ? Number.NaN : (figures.failed ?? 0));
      },
    });
    new Gauge({
      name: 'safe_screen_outbox_oldest_age_seconds',
      help: 'Age of the oldest pending outbox message, seconds (all instances)',
      registers,
      async collect() {
        const figures = await (backlogQuery ?? readBacklog());
        backlogQuery = undefined;
        this.set(figures?.oldestAgeSeconds ?? Number.NaN);
      },
    });
    new Gauge({
      name: 'safe_screen_rule_set_active_info',
      help: 'The rule set version this instance assesses with (value 1)',
      labelNames: ['version'],
      registers,
      collect() {
        this.reset();
        const version = sources.versions().ruleSetVersion;
        if (version !== '') this.set({ version }, 1);
      },
    });
    new Gauge({
      name: 'safe_screen_sanctions_edition_info',
      help: 'Sanctions list editions loaded in this instance (value 1 each)',
      labelNames: ['edition'],
      registers,
      collect() {
        this.reset();
        for (const edition of sources.versions().sanctionsEditions) this.set({ edition }, 1);
      },
    });
  }

  recordFiling(format: string, result: FilingResult, consignments: number): void {
    this.filings.inc({ format, result });
    if (result === 'registered' || result === 'amended') this.consignments.inc(consignments);
  }

  /** Matches the Assessor's onDecisions hook. */
  recordDecisions = (_count: number, outcomes: Record<string, number>, durationsMs: number[]): void => {
    for (const [outcome, n] of Object.entries(outcomes)) this.decisions.inc({ outcome: this.outcomeLabels ? outcome : 'all' }, n);
    for (const ms of durationsMs) this.assessmentSeconds.observe(ms / 1000);
  };

  /** Matches the OutboxRelay's onPublished hook. */
  recordPublished = (count: number): void => {
    this.kafkaPublished.inc(count);
  };

  /** Matches the OutboxRelay's onFailed hook. */
  recordDeliveryFailures = (count: number): void => {
    this.kafkaFailures.inc(count);
  };

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
