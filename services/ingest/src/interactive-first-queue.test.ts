import { describe, expect, it } from 'vitest';
import type { PiscinaTask } from 'piscina';
import { InteractiveFirstQueue } from './interactive-first-queue.js';

const task = (name: string, taskId: number) => ({ name, taskId }) as unknown as PiscinaTask;

describe('InteractiveFirstQueue', () => {
  it('hands out parses before queued assessment batches, each class in arrival order', () => {
    const queue = new InteractiveFirstQueue();
    for (const t of [task('assess', 1), task('assess', 2), task('parse', 3), task('assess', 4), task('parse', 5)]) queue.push(t);
    expect(queue.size).toBe(5);
    const order: number[] = [];
    for (let t = queue.shift(); t !== null; t = queue.shift()) order.push((t as PiscinaTask).taskId);
    expect(order).toEqual([3, 5, 1, 2, 4]);
    expect(queue.size).toBe(0);
  });

  it('removes an aborted task from its own lane only', () => {
    const queue = new InteractiveFirstQueue();
    const parse = task('parse', 1);
    const assess = task('assess', 2);
    queue.push(parse);
    queue.push(assess);
    queue.remove(parse);
    queue.remove(task('parse', 9));
    expect(queue.size).toBe(1);
    expect(queue.shift()).toBe(assess);
  });
});
