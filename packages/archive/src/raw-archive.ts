/**
 * The raw filing store: every filing's bytes, exactly as received, kept under their SHA-256.
 *
 * Content addressing makes a re-sent filing free and safe: the same bytes map to the same key, so a
 * second put finds the object and succeeds without writing (`alreadyPresent: true`). The metadata
 * stored with an object is therefore that of its *first* arrival; who filed what, and when, is
 * recorded per filing in the database, which points here by hash.
 *
 * Keys carry no file extension: `get` must find an object from its hash alone, and identical bytes
 * may arrive declared as different formats. The content type travels as object metadata.
 */
import { createHash } from 'node:crypto';

export interface ArchiveMeta {
  filerId: string;
  receivedAt: Date;
  /** The filing format as declared or detected, e.g. `ens-xml`. */
  format: string;
  /** MIME type of the bytes, e.g. `application/xml`. */
  contentType: string;
}

export interface PutResult {
  sha256: string;
  key: string;
  size: number;
  /** True when these exact bytes were archived before; nothing was written this time. */
  alreadyPresent: boolean;
}

export interface RawArchive {
  /** Prepares the store (creates the bucket or directory when missing). */
  start(): Promise<void>;
  stop(): Promise<void>;
  put(body: Buffer, meta: ArchiveMeta): Promise<PutResult>;
  /** The bytes stored under this hash, or null when there are none. */
  get(sha256: string): Promise<Buffer | null>;
  /** Readiness: resolves when the store answers, throws ArchiveUnavailableError otherwise. */
  check(): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** `raw/ab/cd/<sha256>`: two fan-out levels keep any one directory (or S3 prefix listing) small. */
export function archiveKey(sha256: string): string {
  if (!isSha256Hex(sha256)) throw new TypeError(`not a lowercase hex SHA-256: ${JSON.stringify(sha256)}`);
  return `raw/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export function assertValidMeta(meta: ArchiveMeta): void {
  if (meta.filerId.trim() === '') throw new TypeError('archive meta: filerId is empty');
  if (!(meta.receivedAt instanceof Date) || Number.isNaN(meta.receivedAt.getTime())) {
    throw new TypeError('archive meta: receivedAt is not a valid Date');
  }
  if (meta.format.trim() === '') throw new TypeError('archive meta: format is empty');
  if (meta.contentType.trim() === '') throw new TypeError('archive meta: contentType is empty');
}
