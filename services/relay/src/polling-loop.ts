/**
 * The loop every poller here shares (outbox relay, webhook dispatcher): run `tick` back to back
 * while it finds work, sleep `pollMs` when it finds none, pause after an error rather than spin,
 * and let `wake()` cut a sleep short when this process just produced work.
 */
import type { Logger } from 'pino';

export interface PollingLoopOptions {
  pollMs: number;
  logger: Logger;
  /** Names the loop in log lines. */
  name: string;
}

export abstract class PollingLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly loopOptions: PollingLoopOptions) {}

  /** Does one unit of work; returns how many items it handled (0 means idle). */
  abstract tick(): Promise<number>;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Stops after the tick in progress, if any, has finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
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
      const timer = setTimeout(() => { this.wakeUp = undefined; resolve(); }, ms);
      this.wakeUp = () => { clearTimeout(timer); this.wakeUp = undefined; resolve(); };
    });
  }
}
