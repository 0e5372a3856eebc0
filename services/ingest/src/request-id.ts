/**
 * Request ids: a caller's `x-request-id` is kept when it is a single header of 1 to 128 characters
 * drawn from letters, digits and `._:-` (a UUID, a trace id); anything else (too long, repeated,
 * control characters, spaces) is replaced by a fresh UUID, so an id in our logs and error bodies is
 * always a short plain token nobody can use to forge log lines or bloat them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(request: Pick<IncomingMessage, 'headers'>): string {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}
