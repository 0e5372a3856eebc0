/**
 * Periodic lifecycle housekeeping: filings whose goods never arrived are invalidated after 200 days
 * (the ICS2 rule). The update is a single conditional statement, so several instances running the
 * sweep at once do no harm: each row is invalidated once.
 */
import type { Logger } from 'pino';
import { invalidateStaleFilings, type Database } from '@safe-screen/db';

export const STALE_FILING_DAYS = 200;

export class LifecycleSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: { database: Database; logger: Logger; intervalMs?: number }) {}

  start(): void {
    const run = () => {
      this.running = this.sweep().then(
        () => undefined,
        (error: unknown) => this.options.logger.warn({ err: error }, "lifecycle sweep failed"),
      );
    };
    run();
    this.timer = setInterval(run, this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  async sweep(): Promise<number> {
    const invalidated = await invalidateStaleFilings(this.options.database.db, STALE_FILING_DAYS);
    if (invalidated > 0) this.options.logger.info({ invalidated }, `filings not arrived within ${STALE_FILING_DAYS} days invalidated`);
    return invalidated;
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }
}
