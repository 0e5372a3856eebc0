/** Test helpers: read the package's own samples and test data (never /work/shared). */
import { readFileSync } from 'node:fs';
import type { Filing } from '@safe-screen/domain';
import { parseCanonical } from '../canonical/parse-canonical.js';
import { parseXml } from '../xml.js';

const packageDir = new URL('../../', import.meta.url);

export const CANONICAL_SAMPLES = ['sea-container.xml', 'air.xml', 'road.xml', 'rail.xml'] as const;

export function readSample(name: string): string {
  return readFileSync(new URL(`samples/${name}`, packageDir), 'utf8');
}

export function readTestData(path: string): string {
  return readFileSync(new URL(`test-data/${path}`, packageDir), 'utf8');
}

/** A canonical sample parsed to a Filing, as a fresh copy a test may mutate. */
export function sampleFiling(name: (typeof CANONICAL_SAMPLES)[number]): Filing {
  const parsed = parseXml(readSample(name));
  if (!parsed.ok) throw new Error(`sample ${name} is not XML: ${parsed.issue.message}`);
  const outcome = parseCanonical(parsed.xml);
  if (!outcome.ok) throw new Error(`sample ${name} does not parse: ${JSON.stringify(outcome.issues)}`);
  return structuredClone(outcome.filing);
}
