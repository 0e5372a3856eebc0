import { describe, expect, it } from 'vitest';
import { ArchiveUnavailableError } from '@safe-screen/archive';
import { AppError } from '@safe-screen/domain';
import { toHttpError } from './http-errors.js';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });

describe('toHttpError', () => {
  it('names the archive, not the database, when S3 refuses connections', () => {
    const mapped = toHttpError(new ArchiveUnavailableError('cannot write to the archive', { cause: refused }));
    expect(mapped).toMatchObject({ status: 503, body: { code: 'ARCHIVE_UNAVAILABLE' }, retryAfterSeconds: 5 });
  });

  it('takes a refused connection from the database driver for DATABASE_UNAVAILABLE with Retry-After', () => {
    expect(toHttpError(new Error('write failed', { cause: refused }))).toMatchObject({ status: 503, body: { code: 'DATABASE_UNAVAILABLE' }, retryAfterSeconds: 5 });
  });

  it('passes the Retry-After of a rate-limit refusal through', () => {
    expect(toHttpError(new AppError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 7 }))).toMatchObject({ status: 429, retryAfterSeconds: 7 });
  });

  it('hides the detail of anything unexpected behind INTERNAL', () => {
    const mapped = toHttpError(new Error('relation "filings" does not exist'));
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.body)).not.toContain('filings');
  });
});
