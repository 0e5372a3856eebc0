/**
 * What every response carries and what an error body may hold.
 *
 * - `X-Content-Type-Options: nosniff` everywhere, so a browser never runs an API answer (or an
 *   archived filing echoed back) as a script or page of another type.
 * - `Cache-Control: no-store` on API answers (/v1/…), unless a route chose its own: they hold filers'
 *   data and decisions that no shared cache or browser history should keep.
 * - Error bodies hold the first MAX_ISSUES_IN_RESPONSE issues and `issuesTotal`, and cut long strings
 *   inside an issue: a 12 MB ENS document with an error per element produced a 41 MB body before.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './http-errors.js';

export const MAX_ISSUES_IN_RESPONSE = 100;
const MAX_ISSUE_STRING = 500;

export async function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  void reply.header('x-content-type-options', 'nosniff');
  if (request.url.startsWith('/v1/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  return payload;
}

function capIssue(issue: unknown): unknown {
  if (issue === null || typeof issue !== 'object') return issue;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(issue)) {
    out[key] = typeof value === 'string' && value.length > MAX_ISSUE_STRING ? `${value.slice(0, MAX_ISSUE_STRING)}… (${value.length} characters)` : value;
  }
  return out;
}

export function capErrorBody<T extends { body: ErrorBody }>(mapped: T): T & { body: ErrorBody & { issuesTotal?: number } } {
  const issues = mapped.body.issues;
  if (issues === undefined) return mapped;
  const shown = issues.slice(0, MAX_ISSUES_IN_RESPONSE).map(capIssue);
  return { ...mapped, body: { ...mapped.body, issues: shown, ...(issues.length > MAX_ISSUES_IN_RESPONSE ? { issuesTotal: issues.length } : {}) } };
}
