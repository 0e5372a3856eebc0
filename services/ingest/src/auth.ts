/**
 * API-key authentication for systems (filers, partners) and people (officers) alike:
 * `Authorization: Bearer <key>`. Keys are looked up by hash; a short cache keeps the database off
 * the hot path while revocation still takes effect within seconds on every instance.
 */
import { AppError } from '@safe-screen/domain';
import { findPrincipalByApiKey, findPrincipalBySession, type Db, type Principal, type PrincipalRole } from '@safe-screen/db';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const CACHE_TTL_MS = 10_000;
/** The console's session cookie (opaque token; see routes/sessions.ts). */
export const SESSION_COOKIE = 'ss_session';
/**
 * Sent by the console on every state-changing request. A cross-site form cannot set a custom header,
 * so a cookie-authenticated POST without it is refused (CSRF defence on top of SameSite=Strict).
 */
export const CONSOLE_HEADER = 'x-safe-console';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CACHE_MAX = 10_000;

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

  /** Drops a session from this instance's cache at sign-out (other instances follow within the TTL). */
  forgetSession(token: string): void {
    this.cache.delete(`session:${token}`);
  }

  /** A preHandler that admits only the given roles. */
  require(...roles: PrincipalRole[]) {
    return async (request: FastifyRequest): Promise<void> => {
      const principal = await this.principalFor(request);
      if (!roles.includes(principal.role)) {
        throw new AppError('FORBIDDEN', `this action needs one of the roles: ${roles.join(', ')}`);
      }
      request.principal = principal;
    };
  }
}

/** Officers, supervisors and administrators see every filing; a filer sees only its own. */
export function canSeeFiling(principal: Principal, filerId: string): boolean {
  if (principal.role === 'officer' || principal.role === 'supervisor' || principal.role === 'admin') return true;
  return principal.role === 'filer' && principal.filerId === filerId;
}
