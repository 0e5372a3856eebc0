/**
 * Escalates outbound inspection requests that export customs did not acknowledge in time, so an
 * officer can chase the partner or decide another way before the ship sails. Safe with any number
 * of instances: the escalation is one guarded UPDATE … RETURNING, each row escalates exactly once.
 */
import type { Logger } from 'pino';
import { escalateUnacknowledged, type Database, type InspectionRequestView } from '@safe-screen/db';

export interface EscalationSweepOptions {
  database: Database;
  logger: Logger;
  /** Minutes a request may stay unacknowledged. */
  ackEscalationMinutes: number;
  /** Milliseconds between sweeps. */
  intervalMs: number;
  onEscalated?: (requests: InspectionRequestView[]) => void;
}

export class EscalationSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: EscalationSweepOptions) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      // One sweep at a time per instance; a slow database must not pile sweeps up.
      if (this.running !== undefined) return;
      this.running = this.sweep()
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'escalation sweep failed; next interval retries'))
        .finally(() => { this.running = undefined; });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep; returns the requests it escalated. */
  async sweep(): Promise<InspectionRequestView[]> {
    const escalated = await escalateUnacknowledged(this.options.database.db, {
      olderThanMinutes: this.options.ackEscalationMinutes,
      actor: { id: null, name: 'system:escalation-sweep' },
    });
    if (escalated.length > 0) {
      this.options.logger.warn({ count: escalated.length, requests: escalated.map((r) => r.id) }, 'inspection requests not acknowledged in time: escalated to officers');
      this.options.onEscalated?.(escalated);
    }
    return escalated;
  }
}
