/**
 * Console sign-in for people: name + password (argon2id), an opaque session token in an HttpOnly,
 * SameSite=Strict cookie (Secure over TLS), the session stored server-side so every instance accepts
 * it. Failed attempts are counted per name and per client address: from the fifth failure on, the
 * key is locked with a doubling backoff. Unknown names and wrong passwords get the same answer, and
 * both cost one argon2 verification, so neither the message nor the timing reveals which names exist.
 */
import { AppError } from '@safe-screen/domain';
import { clearLoginFailures, createSession, findLoginLock, findPrincipalByName, recordLoginFailure, revokeSession } from '@safe-screen/db';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth.js';
import { decoyHash, verifyPassword } from '../passwords.js';

const SESSION_TTL_MS = 8 * 3600_000;
const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

const PRINCIPAL_SCHEMA = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, partnerCountry: { type: ['string', 'null'] } },
} as const;

function cookieToken(request: FastifyRequest): string | undefined {
  return (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
}

export async function sessionRoutes(fastify: FastifyInstance): Promise<void> {
  const { database } = fastify.deps;

  fastify.post<{ Body: { name: string; password: string } }>('/v1/sessions', {
    schema: {
      summary: 'Sign in to the console (sets the session cookie)',
      tags: ['sessions'],
      security: [],
      body: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, password: { type: 'string', minLength: 1, maxLength: 1000 } },
        required: ['name', 'password'],
        additionalProperties: false,
      },
      response: { 200: { type: 'object', properties: { principal: PRINCIPAL_SCHEMA, expiresAt: { type: 'string' } } } },
    },
  }, async (request, reply) => {
    const { name, password } = request.body;
    const keys = [`name:${name.toLowerCase()}`, `ip:${request.ip}`];
    const locked = await findLoginLock(database.db, keys);
    if (locked !== undefined) {
      const retryAfterSeconds = Math.max(1, Math.ceil((locked.getTime() - Date.now()) / 1000));
      throw new AppError('LOGIN_THROTTLED', `too many failed sign-ins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    const principal = await findPrincipalByName(database.db, name);
    const ok = await verifyPassword(principal?.passwordHash ?? (await decoyHash()), password);
    if (principal === undefined || principal.passwordHash === null || !ok) {
      await recordLoginFailure(database.db, { keys, freeAttempts: FREE_ATTEMPTS, baseLockMs: BASE_LOCK_MS, maxLockMs: MAX_LOCK_MS });
      request.log.info({ name }, 'sign-in refused');
      throw new AppError('LOGIN_FAILED', 'unknown name or wrong password');
    }
    await clearLoginFailures(database.db, keys);
    const session = await createSession(database.db, { principalId: principal.id, ttlMs: SESSION_TTL_MS });
    void reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      expires: session.expiresAt,
    });
    request.log.info({ principalId: principal.id, role: principal.role }, 'signed in');
    return { principal: { id: principal.id, name: principal.name, role: principal.role, partnerCountry: principal.partnerCountry }, expiresAt: session.expiresAt.toISOString() };
  });

  fastify.get('/v1/sessions/current', {
    preHandler: fastify.auth.require('filer', 'officer', 'supervisor', 'partner', 'admin'),
    schema: { summary: 'Who is signed in', tags: ['sessions'], response: { 200: { type: 'object', properties: { principal: PRINCIPAL_SCHEMA } } } },
  }, async (request) => {
    const p = request.principal!;
    return { principal: { id: p.id, name: p.name, role: p.role, partnerCountry: p.partnerCountry } };
  });

  fastify.delete('/v1/sessions/current', {
    schema: { summary: 'Sign out (ends the session everywhere)', tags: ['sessions'], security: [] },
  }, async (request, reply) => {
    const token = cookieToken(request);
    if (token !== undefined && token !== '') {
      await revokeSession(database.db, token);
      fastify.auth.forgetSession(token);
    }
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
}
