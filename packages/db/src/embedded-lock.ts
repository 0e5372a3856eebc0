/**
 * One process at a time on an embedded (PGlite) database directory. PGlite keeps the database in
 * files that a second process opening the same directory would overwrite with its own copy, so the
 * service and the CLI (or two services) started on one DATA_DIR would corrupt it without a word.
 *
 * The lock is a file created with O_EXCL holding the owner's pid. A lock whose process is gone (a
 * kill -9, a power cut) is stale and taken over; a live owner, this process included, is refused
 * with DATABASE_IN_USE naming the pid, so the operator knows what to stop.
 */
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { AppError } from '@safe-screen/domain';

export const EMBEDDED_LOCK_FILE = 'safe-screen.lock';

export interface EmbeddedLock {
  release(): void;
}

function ownerOf(path: string): { pid: number; host: string } | undefined {
  try {
    const [pid, host] = readFileSync(path, 'utf8').trim().split(/\s+/);
    const owner = Number(pid);
    return Number.isInteger(owner) && owner > 0 ? { pid: owner, host: host ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockEmbeddedDatabase(dir: string): EmbeddedLock {
  const path = join(dir, EMBEDDED_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid} ${hostname()}\n`);
      closeSync(fd);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          if (ownerOf(path)?.pid === process.pid) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(path);
      // Another host's pid cannot be checked from here: only a lock from this host is judged stale.
      if (owner !== undefined && (owner.host !== hostname() || isAlive(owner.pid))) {
        throw new AppError(
          'DATABASE_IN_USE',
          `the embedded database in ${dir} is open in process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}; stop it first, or point DATABASE_URL at a PostgreSQL server that several processes can share`,
        );
      }
      unlinkSync(path);
    }
  }
  throw new AppError('DATABASE_IN_USE', `could not take the lock ${path}`);
}
