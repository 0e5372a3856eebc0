/**
 * Console sign-in for people: name + password (argon2id), an opaque session token in an HttpOnly,
 * SameSite=Strict cookie (Secure over TLS), the session stored server-side so every instance accepts
 * it. Unknown names and wrong passwords get the same answer, and both cost one argon2 verification,
 * so neither the message nor the timing reveals which names exist.
 *
 * Throttling: every attempt is reserved atomically BEFORE the password is verified
 * (reserveLoginAttempt), against three budgets with separate sizes:
 * - the client address: ATTEMPTS_PER_CLIENT, whatever names it tries (one source spraying names);
 * - the account from this client: ATTEMPTS_PER_ACCOUNT_AND_CLIENT (guessing one person's password);
 * - the account from anywhere: ATTEMPTS_PER_ACCOUNT (a distributed guess at one account).
 * So 150 concurrent guesses get at most five verifications, and a flood from one address locks that
 * address, not the real user of the account it names. The client address is the peer, or the
 * X-Forwarded-For client when the peer is one of TRUSTED_PROXIES (behind haproxy, without that
 * setting, every user would share the proxy's address and its budget).
 */
import { AppError } from '@safe-screen/domain';
import { createSession, findPrincipalByName, reserveLoginAttempt, revokeSession, settleLoginSuccess } from '@safe-screen/db';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth.js';
import { decoyHash, verifyPassword } from '../passwords.js';

const SESSION_TTL_MS = 8 * 3600_000;
const ATTEMPTS_PER_ACCOUNT_AND_CLIENT = 5;
const ATTEMPTS_PER_CLIENT = 50;
const ATTEMPTS_PER_ACCOUNT = 100;
const LOCK_POLICY = { baseLockMs: 30_000, maxLockMs: 15 * 60_000, forgetAfterMs: 15 * 60_000 };

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
    const account = `name:${name.toLowerCase()}`;
    const client = `ip:${request.ip}`;
    const pair = `${account}|${client}`;
    const lockedUntil = await reserveLoginAttempt(database.db, [
      { key: client, attempts: ATTEMPTS_PER_CLIENT },
      { key: pair, attempts: ATTEMPTS_PER_ACCOUNT_AND_CLIENT },
      { key: account, attempts: ATTEMPTS_PER_ACCOUNT },
    ], LOCK_POLICY);
    if (lockedUntil !== undefined) {
      const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
      throw new AppError('LOGIN_THROTTLED', `too many sign-in attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    const principal = await findPrincipalByName(database.db, name);
    const ok = await verifyPassword(principal?.passwordHash ?? (await decoyHash()), password);
    if (principal === undefined || principal.passwordHash === null || !ok) {
      // The reservation stays counted: it was the failure.
      request.log.info({ name }, 'sign-in refused');
      throw new AppError('LOGIN_FAILED', 'unknown name or wrong password');
    }
    await settleLoginSuccess(database.db, { forget: [pair, account], refund: [client] });
    const session = await createSession(database.db, { principalId: principal.id, ttlMs: SESSION_TTL_MS });
    void reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      // Over TLS, directly or through a trusted proxy's X-Forwarded-Proto (TRUSTED_PROXIES).
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
