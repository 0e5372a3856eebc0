/**
 * Reads a code list shipped in this package's `data/` directory. The directory is found relative to
 * this module (`../data` from both `src/` and `dist/`), so lookups work from sources under vitest, from
 * the compiled build and inside worker threads, without any configuration. Reads are synchronous
 * because they happen once, lazily, on the first lookup of each list.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const DATA_DIR = new URL('../data/', import.meta.url);

export function readDataFile(name: string): string {
  const bytes = readFileSync(new URL(name, DATA_DIR));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines: our data files never have them). */
export function parseCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** Data lines of a CSV file with a header row, keyed by their first field. */
export function indexCsvByFirstField(text: string): Map<string, string> {
  const index = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const key = line.slice(0, line.indexOf(','));
    if (!index.has(key)) index.set(key, line);
  }
  return index;
}

/** Runs `load` on first use and caches the result for the life of the process (or worker). */
export function lazy<T>(load: () => T): () => T {
  let value: T | undefined;
  let loaded = false;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value as T;
  };
}
