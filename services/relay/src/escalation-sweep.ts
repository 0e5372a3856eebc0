/**
 * Escalates outbound inspection requests that export customs did not acknowledge in time, so an
 * officer can chase the partner or decide another way before the ship sails, and expires requests
 * whose deadline passed without a result (the lifecycle's `deadline_passed`: the request closes and a
 * consignment that waited for it is held for an officer). Safe with any number of instances: the
 * escalation is one guarded UPDATE … RETURNING, and an expiry is a transition under the
 * consignment's lock (a second sweep finds nothing left to expire).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { applyCaseTransition, escalateUnacknowledged, listConsignmentsWithOverdueRequests, type Database, type InspectionRequestView } from '@safe-screen/db';

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
    await this.expireOverdue();
    return escalated;
  }

  /** Closes requests past their deadline, one consignment per transaction; returns how many consignments. */
  async expireOverdue(): Promise<number> {
    const db = this.options.database.db;
    const overdue = await listConsignmentsWithOverdueRequests(db);
    for (const consignmentId of overdue) {
      await applyCaseTransition(db, {
        consignmentId,
        event: { kind: 'deadline_passed' },
        actor: { kind: 'system', component: 'escalation-sweep' },
        auditActor: { id: null, name: 'system:escalation-sweep' },
        reason: 'the inspection deadline passed without a result',
        env: { now: new Date().toISOString(), newId: randomUUID, administrationCountry: '' },
      });
    }
    if (overdue.length > 0) this.options.logger.warn({ consignments: overdue.length }, 'inspection requests past their deadline: expired, consignments held for officers');
    return overdue.length;
  }
}
