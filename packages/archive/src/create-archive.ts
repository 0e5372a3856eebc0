import { LocalDiskArchive } from './local-disk-archive.js';
import type { RawArchive } from './raw-archive.js';
import { S3Archive } from './s3-archive.js';

export type ArchiveConfig =
  | { kind: 's3'; endpoint?: string; region: string; bucket: string; accessKeyId?: string; secretAccessKey?: string }
  | { kind: 'local'; dir: string };

/** The archive for a parsed config. Call start() before use and stop() on shutdown. */
export function createArchive(config: ArchiveConfig): RawArchive {
  switch (config.kind) {
    case 's3': {
      const { kind: _kind, ...options } = config;
      return new S3Archive(options);
    }
    case 'local':
      return new LocalDiskArchive({ dir: config.dir });
  }
}
