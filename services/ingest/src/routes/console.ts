/**
 * Serves the officer console (static files under services/ingest/console) at /console, with strict
 * security headers scoped to it: a CSP with no inline script or style, no framing, nosniff. Cookie
 * parsing is registered by app.ts for every route, since the API accepts console sessions too.
 * The headers are a short fixed list, set here rather than through helmet (whose CommonJS entry did
 * not load under the test runner's source resolution).
 */
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export const CONSOLE_ROOT = fileURLToPath(new URL('../../console/', import.meta.url));

export async function consoleRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => {
      for (const [name, value] of Object.entries(CONSOLE_HEADERS)) void reply.header(name, value);
    });
    await scope.register(fastifyStatic, { root: CONSOLE_ROOT, prefix: '/console/', index: 'index.html', cacheControl: true, maxAge: 60_000 });
    scope.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  });
  fastify.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
}
