import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchive } from './create-archive.js';
import { ArchiveCorruptError, ArchiveUnavailableError } from './errors.js';
import { LocalDiskArchive } from './local-disk-archive.js';
import { archiveKey, sha256Hex, type ArchiveMeta } from './raw-archive.js';

const meta: ArchiveMeta = {
  filerId: 'FILER-7',
  receivedAt: new Date('2026-11-22T10:00:00.000Z'),
  format: 'ens-xml',
  contentType: 'application/xml',
};

describe('LocalDiskArchive', () => {
  let dir: string;
  let archive: LocalDiskArchive;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'archive-test-'));
    archive = new LocalDiskArchive({ dir });
    await archive.start();
  });
  afterEach(async () => {
    await archive.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores bytes under their sha256 and returns them unchanged', async () => {
    const body = Buffer.from('<ens><mrn>26NL0000000000012A</mrn></ens>');
    const result = await archive.put(body, meta);
    const sha256 = sha256Hex(body);
    expect(result).toEqual({ sha256, key: `raw/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`, size: body.length, alreadyPresent: false });
    expect(await archive.get(sha256)).toEqual(body);
  });

  it('keeps the metadata of the first arrival in a sidecar', async () => {
    const body = randomBytes(100);
    const { key } = await archive.put(body, meta);
    const sidecar = JSON.parse(await readFile(path.join(dir, `${key}.json`), 'utf8'));
    expect(sidecar).toEqual({
      sha256: sha256Hex(body),
      size: 100,
      filerId: 'FILER-7',
      receivedAt: '2026-11-22T10:00:00.000Z',
      format: 'ens-xml',
      contentType: 'application/xml',
    });
  });

  it('treats the same bytes put twice as a no-op that still succeeds', async () => {
    const body = randomBytes(2048);
    const first = await archive.put(body, meta);
    const second = await archive.put(body, { ...meta, filerId: 'SOMEONE-ELSE', receivedAt: new Date() });
    expect(second).toEqual({ ...first, alreadyPresent: true });
    const sidecar = JSON.parse(await readFile(path.join(dir, `${first.key}.json`), 'utf8'));
    expect(sidecar.filerId).toBe('FILER-7');
  });

  it('stores concurrent puts of the same bytes once, leaving no temporary files', async () => {
    const body = randomBytes(64 * 1024);
    const results = await Promise.all(Array.from({ length: 8 }, () => archive.put(body, meta)));
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    const files = await readdir(path.dirname(path.join(dir, results[0]!.key)));
    expect(files.sort()).toEqual([`${results[0]!.sha256}`, `${results[0]!.sha256}.json`]);
    expect(await archive.get(results[0]!.sha256)).toEqual(body);
  });

  it('returns null for an unknown or malformed hash', async () => {
    expect(await archive.get('0'.repeat(64))).toBeNull();
    expect(await archive.get('../../etc/passwd')).toBeNull();
  });

  it('detects bytes that no longer match their hash', async () => {
    const body = Buffer.from('original');
    const { sha256, key } = await archive.put(body, meta);
    await writeFile(path.join(dir, key), 'tampered');
    await expect(archive.get(sha256)).rejects.toBeInstanceOf(ArchiveCorruptError);
  });

  it('rejects metadata without a filer or with an invalid date before writing', async () => {
    await expect(archive.put(Buffer.from('x'), { ...meta, filerId: ' ' })).rejects.toThrow(/filerId/);
    await expect(archive.put(Buffer.from('x'), { ...meta, receivedAt: new Date('nope') })).rejects.toThrow(/receivedAt/);
    expect(await archive.get(sha256Hex(Buffer.from('x')))).toBeNull();
  });

  it('reports a directory it cannot create as ArchiveUnavailableError with the stable code', async () => {
    // A path under a regular file can never be created, whoever runs the test (root included).
    const file = path.join(dir, 'not-a-directory');
    await writeFile(file, '');
    const broken = createArchive({ kind: 'local', dir: path.join(file, 'archive') });
    const error = await broken.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ArchiveUnavailableError);
    expect((error as ArchiveUnavailableError).code).toBe('ARCHIVE_UNAVAILABLE');
    await expect(broken.put(Buffer.from('x'), meta)).rejects.toBeInstanceOf(ArchiveUnavailableError);
  });

  it('refuses a malformed hash when building a key', () => {
    expect(() => archiveKey('ABC')).toThrow(TypeError);
  });
});
