// A worker for worker-pool.test.ts: tasks whose running time the test sets. `spin` keeps the thread
// busy the whole time (like a parse that never yields), so only terminating the thread ends it early.
export function spin({ ms }) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy on purpose
  }
  return { ranMs: ms };
}

// The same work under a filer-facing task name, to see it go ahead of queued background work.
export const parse = spin;
