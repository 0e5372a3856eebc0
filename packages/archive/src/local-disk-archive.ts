/**
 * RawArchive on a local directory, for the embedded single-process mode and development.
 *
 * Layout: `<dir>/raw/ab/cd/<sha256>` holds the bytes, `<sha256>.json` beside it the metadata.
 *
 * Crash safety: each file is written to a temporary name in the same directory, fsynced, renamed
 * into place (atomic on POSIX) and the directory fsynced, so after a crash a key either holds the
 * complete bytes or does not exist; there is never a half-written filing under a valid hash.
 * The sidecar is written first: whenever the object exists, so does its metadata.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ArchiveCorruptError, ArchiveUnavailableError } from './errors.js';
import { archiveKey, assertValidMeta, isSha256Hex, sha256Hex, type ArchiveMeta, type PutResult, type RawArchive } from './raw-archive.js';

export interface LocalDiskArchiveOptions {
  dir: string;
}

/** The sidecar's shape (also what S3Archive stores as user metadata). */
interface StoredMeta {
  sha256: string;
  size: number;
  filerId: string;
  receivedAt: string;
  format: string;
  contentType: string;
}

export class LocalDiskArchive implements RawArchive {
  private readonly dir: string;

  constructor(options: LocalDiskArchiveOptions) {
    this.dir = path.resolve(options.dir);
  }

  async start(): Promise<void> {
    await this.io('create the archive directory', () => mkdir(path.join(this.dir, 'raw'), { recursive: true }));
    await this.check();
  }

  async stop(): Promise<void> {}

  async check(): Promise<void> {
    await this.io('write to the archive directory', () => access(path.join(this.dir, 'raw'), constants.W_OK | constants.R_OK));
  }

  async put(body: Buffer, meta: ArchiveMeta): Promise<PutResult> {
    assertValidMeta(meta);
    const sha256 = sha256Hex(body);
    const key = archiveKey(sha256);
    const file = path.join(this.dir, key);
    const existing = await this.io('read the archive', () => statOrNull(file));
    if (existing !== null) return { sha256, key, size: existing.size, alreadyPresent: true };

    const stored: StoredMeta = {
      sha256,
      size: body.length,
      filerId: meta.filerId,
      receivedAt: meta.receivedAt.toISOString(),
      format: meta.format,
      contentType: meta.contentType,
    };
    await this.io('write to the archive', async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeAtomically(`${file}.json`, Buffer.from(`${JSON.stringify(stored, null, 2)}\n`));
      await writeAtomically(file, body);
    });
    return { sha256, key, size: body.length, alreadyPresent: false };
  }

  async get(sha256: string): Promise<Buffer | null> {
    if (!isSha256Hex(sha256)) return null;
    const file = path.join(this.dir, archiveKey(sha256));
    const body = await this.io('read the archive', async () => {
      try {
        return await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    });
    if (body === null) return null;
    const actual = sha256Hex(body);
    if (actual !== sha256) throw new ArchiveCorruptError(sha256, actual);
    return body;
  }

  /** Any file-system failure (permissions, disk full, missing mount) means the archive is unavailable. */
  private async io<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      throw new ArchiveUnavailableError(`cannot ${what} at ${this.dir} (${code})`, { cause: error });
    }
  }
}

async function statOrNull(file: string) {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  // The rename itself is only durable once the directory entry is on disk.
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
