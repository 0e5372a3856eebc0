import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMBEDDED_LOCK_FILE, lockEmbeddedDatabase } from './embedded-lock.js';

describe('lockEmbeddedDatabase', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'embedded-lock-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second opener while the first holds the directory, naming the owner', () => {
    const lock = lockEmbeddedDatabase(dir);
    expect(() => lockEmbeddedDatabase(dir)).toThrow(expect.objectContaining({ code: 'DATABASE_IN_USE', message: expect.stringContaining(String(process.pid)) }));
    lock.release();
    lockEmbeddedDatabase(dir).release();
  });

  it('takes over a lock left by a process that is gone', () => {
    // A pid that certainly existed and has certainly exited: a child that ran and ended.
    const child = spawnSync(process.execPath, ['-e', '0']);
    writeFileSync(join(dir, EMBEDDED_LOCK_FILE), `${child.pid} ${hostname()}\n`);
    const lock = lockEmbeddedDatabase(dir);
    expect(readFileSync(join(dir, EMBEDDED_LOCK_FILE), 'utf8')).toContain(String(process.pid));
    lock.release();
  });

  it('refuses a lock held on another host, which it cannot check', () => {
    writeFileSync(join(dir, EMBEDDED_LOCK_FILE), `${process.pid + 1} some-other-host\n`);
    expect(() => lockEmbeddedDatabase(dir)).toThrow(expect.objectContaining({ code: 'DATABASE_IN_USE', message: expect.stringContaining('some-other-host') }));
  });
});
