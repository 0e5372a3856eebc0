/**
 * The benchmark corpus: seeded canonical sea manifests from the shared generator (realistic parties,
 * HS 2022 codes, ISO 6346-valid containers, UN/LOCODE routes, a few percent risky). Each seed gives
 * its own LRN, so every document registers as a new filing. Documents are cached under
 * .bench/corpus by (size, seed, risky share): the generator is deterministic, so the cache only saves
 * time and never changes what is measured.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCanonicalManifest } from '@safe-screen/manifest';

export interface CorpusDocument {
  seed: number;
  consignments: number;
  xml: Buffer;
}

export const RISKY_SHARE = 0.03;

export function loadDocument(cacheDir: string, consignments: number, seed: number): CorpusDocument {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `manifest-${consignments}-${seed}-${RISKY_SHARE}.xml`);
  if (!existsSync(file)) writeFileSync(file, generateCanonicalManifest({ consignments, seed, riskyShare: RISKY_SHARE }));
  return { seed, consignments, xml: readFileSync(file) };
}

/**
 * A mixed load of vessel manifests (mostly mid-sized, some small, a few large) adding up to at least
 * `total` consignments. `seedBase` keeps the documents of different runs distinct.
 */
export function buildMixedCorpus(cacheDir: string, total: number, seedBase: number): CorpusDocument[] {
  const sizes = [100, 250, 500, 1000, 2000, 5000];
  const docs: CorpusDocument[] = [];
  let sum = 0;
  for (let i = 0; sum < total; i++) {
    const size = sizes[i % sizes.length]!;
    docs.push(loadDocument(cacheDir, size, seedBase + i));
    sum += size;
  }
  return docs;
}

export function countConsignments(docs: readonly CorpusDocument[]): number {
  return docs.reduce((n, d) => n + d.consignments, 0);
}
