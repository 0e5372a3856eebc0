/**
 * API-key authentication for systems (filers, partners) and people (officers) alike:
 * `Authorization: Bearer <key>`. Keys are looked up by hash; a one-second cache keeps the database off
 * the hot path of a busy client while a revoked key or ended session stops working within a second on
 * every instance.
 *
 * The role checks (`require`) are written as route preHandlers but run as onRequest hooks
 * (auth-before-body.ts moves them): a request without valid credentials is refused before its body
 * is read or its schema checked.
 */
import { AppError } from '@safe-screen/domain';
import { findPrincipalByApiKey, findPrincipalBySession, type Db, type Principal, type PrincipalRole } from '@safe-screen/db';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** How long a looked-up key or session is trusted without asking the database again (revocation delay). */
export const CACHE_TTL_MS = 1_000;
/** The console's session cookie (opaque token; see routes/sessions.ts). */
export const SESSION_COOKIE = 'ss_session';
/**
 * Sent by the console on every state-changing request. A cross-site form cannot set a custom header,
 * so a cookie-authenticated POST without it is refused (CSRF defence on top of SameSite=Strict).
 */
export const CONSOLE_HEADER = 'x-safe-console';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CACHE_MAX = 10_000;

const AUTH_CHECK = Symbol('safe-screen.auth-check');

/** True for the hooks `Authenticator.require` makes. */
export function isAuthCheck(hook: unknown): boolean {
  return typeof hook === 'function' && (hook as unknown as Record<symbol, unknown>)[AUTH_CHECK] === true;
}

export class Authenticator {
  private readonly cache = new Map<string, { principal: Principal | undefined; until: number }>();

  constructor(private readonly db: Db) {}

  async principalFor(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const session = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
    if (header === undefined && session !== undefined && session !== '') return this.principalForSession(request, session);
    if (header === undefined) throw new AppError('AUTH_REQUIRED', 'send "Authorization: Bearer <api key>" or sign in');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw new AppError('AUTH_INVALID', 'the Authorization header must be "Bearer <api key>"');
    const key = match[1]!;
    const now = Date.now();
    let cached = this.cache.get(key);
    if (cached === undefined || cached.until < now) {
      cached = { principal: await findPrincipalByApiKey(this.db, key), until: now + CACHE_TTL_MS };
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(key, cached);
    }
    if (cached.principal === undefined) throw new AppError('AUTH_INVALID', 'the API key is unknown or revoked');
    return cached.principal;
  }

  private async principalForSession(request: FastifyRequest, token: string): Promise<Principal> {
    if (!SAFE_METHODS.has(request.method) && request.headers[CONSOLE_HEADER] !== '1') {
      throw new AppError('FORBIDDEN', `requests signed in with a session cookie must send the ${CONSOLE_HEADER} header`);
    }
    const key = `session:${token}`;
    const now = Date.now();
    let cached = this.cache.get(key);
    if (cached === undefined || cached.until < now) {
      cached = { principal: await findPrincipalBySession(this.db, token), until: now + CACHE_TTL_MS };
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(key, cached);
    }
    if (cached.principal === undefined) throw new AppError('AUTH_REQUIRED', 'the session has ended; sign in again');
    return cached.principal;
  }

  /** Drops a session from this instance's cache at sign-out (other instances follow within CACHE_TTL_MS). */
  forgetSession(token: string): void {
    this.cache.delete(`session:${token}`);
  }

  /** A route hook that admits only the given roles (marked, so it runs before the body is read). */
  require(...roles: PrincipalRole[]) {
    const check = async (request: FastifyRequest): Promise<void> => {
      const principal = await this.principalFor(request);
      if (!roles.includes(principal.role)) {
        throw new AppError('FORBIDDEN', `this action needs one of the roles: ${roles.join(', ')}`);
      }
      request.principal = principal;
    };
    return Object.assign(check, { [AUTH_CHECK]: true as const });
  }
}

/** Officers, supervisors and administrators see every filing; a filer sees only its own. */
export function canSeeFiling(principal: Principal, filerId: string): boolean {
  if (principal.role === 'officer' || principal.role === 'supervisor' || principal.role === 'admin') return true;
  return principal.role === 'filer' && principal.filerId === filerId;
}
