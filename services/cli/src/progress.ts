/**
 * Progress of a long command on stderr: a redrawn bar on a terminal, and on anything else (a CI
 * log, a pipe) a plain line at each tenth of the way, so a log shows progress without escape codes.
 * stdout stays for the result, which scripts read.
 */
import { SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io.js';

export interface Progress {
  increment(detail?: string): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { increment: () => {}, stop: () => {} };

export function startProgress(io: CliIo, label: string, total: number, enabled = true): Progress {
  if (!enabled || total === 0) return NO_PROGRESS;
  if (io.interactive) {
    // cli-progress draws only on a stream that says it is a terminal, and sizes the bar to its columns.
    const stream = { write: (text: string) => { io.stderr(text); return true; }, isTTY: true, columns: io.columns ?? 80 };
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} {detail}`, stream: stream as unknown as NodeJS.WritableStream, hideCursor: true, clearOnComplete: false });
    bar.start(total, 0, { detail: '' });
    return { increment: (detail = '') => bar.increment(1, { detail }), stop: () => bar.stop() };
  }
  let done = 0;
  let reportedTenth = 0;
  return {
    increment: () => {
      done += 1;
      const tenth = Math.floor((done * 10) / total);
      if (tenth > reportedTenth) {
        reportedTenth = tenth;
        io.stderr(`${label}: ${done}/${total}\n`);
      }
    },
    stop: () => {},
  };
}
