/**
 * The worker pool's task queue: parsing (a filer waiting on the HTTP answer) goes ahead of assessment
 * batches (background work the assessor keeps feeding). With piscina's FIFO queue a small filing's
 * parse waited behind every assessment batch already queued, which is what made registration latency
 * grow with the assessment backlog. Within each class the order stays first-in first-out. Assessment
 * cannot starve: the assessor only queues a bounded number of batches per round, and a parse ahead of
 * it is work that produces more assessment, not less.
 */
import type { PiscinaTask, TaskQueue } from 'piscina';

type QueuedTask = Parameters<TaskQueue['push']>[0];

/** Task names (see worker-tasks.ts) that someone is waiting on synchronously. */
const INTERACTIVE = new Set(['parse']);

export class InteractiveFirstQueue implements TaskQueue {
  private readonly interactive: QueuedTask[] = [];
  private readonly background: QueuedTask[] = [];

  get size(): number {
    return this.interactive.length + this.background.length;
  }

  push(task: QueuedTask): void {
    this.laneOf(task).push(task);
  }

  shift(): QueuedTask | null {
    return this.interactive.shift() ?? this.background.shift() ?? null;
  }

  remove(task: QueuedTask): void {
    const lane = this.laneOf(task);
    const index = lane.indexOf(task);
    if (index !== -1) lane.splice(index, 1);
  }

  private laneOf(task: QueuedTask): QueuedTask[] {
    return INTERACTIVE.has((task as PiscinaTask).name) ? this.interactive : this.background;
  }
}
