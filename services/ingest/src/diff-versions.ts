/**
 * What changed between two versions of a consignment, for officers reading an amendment: a flat list
 * of field paths with their old and new values (arrays compared item by item).
 */
export interface FieldChange {
  path: string;
  before: string | null;
  after: string | null;
}

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, `${path}[${i}]`, out));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) flatten(child, path === '' ? key : `${path}.${key}`, out);
    return;
  }
  out.set(path, String(value));
}

export function diffValues(before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const changes: FieldChange[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(path) ?? null;
    const y = b.get(path) ?? null;
    // Source locations move whenever anything above them changes; they are not a change of content.
    if (x !== y && !/(^|\.)location$/.test(path)) changes.push({ path, before: x, after: y });
  }
  return changes;
}
