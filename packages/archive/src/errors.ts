/**
 * Stable error codes at the archive boundary. The HTTP edge maps ARCHIVE_UNAVAILABLE to 503 with
 * Retry-After: a filing that cannot be archived is refused, never accepted without its raw bytes.
 */
export type ArchiveErrorCode = 'ARCHIVE_UNAVAILABLE' | 'ARCHIVE_CORRUPT';

export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The store cannot be reached or refuses to work (network, permissions, disk full, bucket missing). */
export class ArchiveUnavailableError extends ArchiveError {
  declare readonly code: 'ARCHIVE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ARCHIVE_UNAVAILABLE', message, options);
  }
}

/** Stored bytes no longer hash to their address: the object was damaged or replaced. */
export class ArchiveCorruptError extends ArchiveError {
  declare readonly code: 'ARCHIVE_CORRUPT';
  constructor(readonly sha256: string, actual: string) {
    super('ARCHIVE_CORRUPT', `archived object ${sha256} hashes to ${actual}`);
  }
}
