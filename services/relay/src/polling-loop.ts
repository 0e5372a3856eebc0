/**
 * The loop every poller shares (outbox relay, webhook dispatcher, the ingest service's assessor):
 * run `tick` back to back while it finds work, sleep `pollMs` when it finds none, pause after an
 * error rather than spin, and let `wake()` cut a sleep short when this process just produced work.
 * `concurrency` runs that many loops at once (each tick must then claim its own work).
 */
import type { Logger } from 'pino';

export interface PollingLoopOptions {
  pollMs: number;
  logger: Logger;
  /** Names the loop in log lines. */
  name: string;
  /** Loops running at once (default 1). */
  concurrency?: number;
}

export abstract class PollingLoop {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly loopOptions: PollingLoopOptions) {}

  /** Does one unit of work; returns how many items it handled (0 means idle). */
  abstract tick(): Promise<number>;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: Math.max(1, this.loopOptions.concurrency ?? 1) }, () => this.run());
  }

  wake(): void {
    for (const wakeUp of [...this.sleepers]) wakeUp();
  }

  /** Stops after the tick in progress, if any, has finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.loops);
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.tick();
      } catch (error) {
        this.loopOptions.logger.error({ err: error }, `${this.loopOptions.name} tick failed; retrying after a pause`);
        await this.sleep(Math.max(1000, this.loopOptions.pollMs));
        continue;
      }
      if (handled === 0) await this.sleep(this.loopOptions.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wakeUp = () => { clearTimeout(timer); this.sleepers.delete(wakeUp); resolve(); };
      const timer = setTimeout(wakeUp, ms);
      this.sleepers.add(wakeUp);
    });
  }
}
