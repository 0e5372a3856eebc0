/** Drops undefined values so optional properties stay absent (smaller JSON, no `key: undefined` in snapshots). */
export function definedOnly<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  // for-in rather than Object.entries: this runs for every element of 30 MB manifests, and the entry arrays showed up in GC.
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const value = record[key];
    if (value !== undefined) out[key] = value;
  }
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
