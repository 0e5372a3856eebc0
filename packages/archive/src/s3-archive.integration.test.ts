/**
 * Against the real S3Proxy started by infra/with-servers.sh. One bucket per run, created by the
 * archive's own start() and deleted (with everything in it) afterwards.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { DeleteBucketCommand, DeleteObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchive } from './create-archive.js';
import { ArchiveCorruptError, ArchiveUnavailableError } from './errors.js';
import { sha256Hex, type ArchiveMeta } from './raw-archive.js';
import { S3Archive } from './s3-archive.js';

function testEndpoint(): string {
  const value = process.env['TEST_S3_ENDPOINT'];
  if (value === undefined || value === '') {
    throw new Error(
      'TEST_S3_ENDPOINT is not set. These tests need the real S3Proxy: run them through ' +
        '`bash infra/with-servers.sh npx vitest run` (or `npm test` at the repo root).',
    );
  }
  return value;
}

const endpoint = testEndpoint();
const bucket = `archive-test-${randomUUID().slice(0, 8)}`;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const meta: ArchiveMeta = {
  filerId: 'FILER-Ø1',
  receivedAt: new Date('2026-11-22T10:00:00.000Z'),
  format: 'ens-xml',
  contentType: 'application/xml',
};

// A plain SDK client, only for test set-up and inspection behind the archive's back.
const admin = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

/** A port that accepts nothing: listen, note the port, close. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('S3Archive against S3Proxy', () => {
  const archive = createArchive({ kind: 's3', endpoint, region: 'us-east-1', bucket, ...credentials });

  beforeAll(async () => {
    await archive.start(); // creates the bucket
  });

  afterAll(async () => {
    await archive.stop();
    let token: string | undefined;
    do {
      const page = await admin.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const object of page.Contents ?? []) await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    await admin.send(new DeleteBucketCommand({ Bucket: bucket }));
    admin.destroy();
  });

  it('creates its bucket on start, and a second start finds it', async () => {
    await archive.check();
    const again = createArchive({ kind: 's3', endpoint, region: 'us-east-1', bucket, ...credentials });
    await again.start();
    await again.stop();
  });

  it('round-trips random bytes of several sizes, including 30 MB, byte for byte', async () => {
    for (const size of [0, 1, 4096, 5 * 1024 * 1024 + 7, 30 * 1024 * 1024]) {
      const body = randomBytes(size);
      const put = await archive.put(body, meta);
      expect(put).toMatchObject({ sha256: sha256Hex(body), size, alreadyPresent: false });
      const back = await archive.get(put.sha256);
      expect(back, `size ${size}`).not.toBeNull();
      expect(back!.length).toBe(size);
      expect(sha256Hex(back!)).toBe(put.sha256);
    }
  });

  it('stores the same bytes once and reports the second put as already present', async () => {
    const body = Buffer.from(`<ens id="${randomUUID()}"/>`);
    const first = await archive.put(body, meta);
    const second = await archive.put(body, { ...meta, filerId: 'OTHER' });
    expect(second).toEqual({ ...first, alreadyPresent: true });
  });

  it('keeps the content type and the filing metadata with the object', async () => {
    const body = Buffer.from(`<ens id="${randomUUID()}"/>`);
    const { key, sha256 } = await archive.put(body, meta);
    const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentType).toBe('application/xml');
    expect(head.Metadata).toMatchObject({
      sha256,
      'filer-id': encodeURIComponent('FILER-Ø1'),
      'received-at': '2026-11-22T10:00:00.000Z',
      format: 'ens-xml',
    });
  });

  it('returns null for a hash it never stored', async () => {
    expect(await archive.get(sha256Hex(randomBytes(32)))).toBeNull();
  });

  it('detects an object whose bytes were replaced behind its back', async () => {
    const body = Buffer.from(`original ${randomUUID()}`);
    const { key, sha256 } = await archive.put(body, meta);
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from('tampered') }));
    await expect(archive.get(sha256)).rejects.toBeInstanceOf(ArchiveCorruptError);
  });

  it('reports S3 down as ArchiveUnavailableError within a few seconds, for every operation', async () => {
    const port = await closedPort();
    const down = new S3Archive({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket, ...credentials });
    const started = Date.now();
    for (const attempt of [
      () => down.start(),
      () => down.check(),
      () => down.put(Buffer.from('x'), meta),
      () => down.get(sha256Hex(Buffer.from('x'))),
    ]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ArchiveUnavailableError);
      expect((error as ArchiveUnavailableError).code).toBe('ARCHIVE_UNAVAILABLE');
    }
    expect(Date.now() - started).toBeLessThan(8_000);
    await down.stop();
  });

  it('reports a server that accepts connections but never answers as unavailable within seconds', async () => {
    // Accepts TCP and then stays silent, like a hung proxy: only the timeouts can end the wait.
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const hung = new S3Archive({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket, ...credentials });
    try {
      const started = Date.now();
      await expect(hung.check()).rejects.toBeInstanceOf(ArchiveUnavailableError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await hung.stop();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
