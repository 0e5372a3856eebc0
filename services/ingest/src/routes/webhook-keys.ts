/**
 * Webhook signing-key rotation per filer. POST /v1/webhook/key makes a new key the current one and
 * returns it; for WEBHOOK_KEY_OVERLAP_MS after that, every notice carries two signatures (new key
 * first, then the old one), so the filer can deploy the new key whenever it likes within the overlap
 * without dropping a message. Rotating again during an overlap ends the previous overlap: only the
 * last two keys are ever valid.
 */
import { findWebhookKeyState, rotateWebhookKey } from '@safe-screen/db/webhook-key-repository';
import { deriveFilerWebhookSecret, resolveWebhookSecret, SIGNATURE_HEADER, WEBHOOK_KEY_OVERLAP_MS } from '@safe-screen/relay';
import type { FastifyInstance } from 'fastify';

const KEY_ANSWER = {
  type: 'object',
  properties: {
    signatureHeader: { type: 'string' },
    signingSecret: { type: 'string' },
    generation: { type: 'integer' },
    previousKeyValidUntil: { type: ['string', 'null'] },
  },
} as const;

export async function webhookKeyRoutes(fastify: FastifyInstance): Promise<void> {
  const { database, config } = fastify.deps;
  const secret = await resolveWebhookSecret(database.db, config.webhookSecret);

  fastify.post('/v1/webhook/key', {
    preHandler: fastify.auth.require('filer'),
    schema: {
      summary: 'Rotate the key webhook notices are signed with',
      description: `Returns the new key. For ${WEBHOOK_KEY_OVERLAP_MS / 3_600_000} h every notice carries two v1 signatures in ${SIGNATURE_HEADER}, the new key's and the old key's; accept a notice when any of them verifies.`,
      tags: ['notifications'],
      response: { 200: KEY_ANSWER },
    },
  }, async (request) => {
    const principal = request.principal!;
    const filerId = principal.filerId ?? principal.id;
    const state = await rotateWebhookKey(database.db, filerId);
    request.log.info({ principal: principal.id, generation: state.generation }, 'webhook signing key rotated');
    return {
      signatureHeader: SIGNATURE_HEADER,
      signingSecret: deriveFilerWebhookSecret(secret, filerId, state.generation),
      generation: state.generation,
      previousKeyValidUntil: new Date((state.rotatedAt ?? new Date()).getTime() + WEBHOOK_KEY_OVERLAP_MS).toISOString(),
    };
  });

  fastify.get('/v1/webhook/key', {
    preHandler: fastify.auth.require('filer'),
    schema: { summary: 'The current webhook signing key', tags: ['notifications'], response: { 200: KEY_ANSWER } },
  }, async (request) => {
    const principal = request.principal!;
    const filerId = principal.filerId ?? principal.id;
    const state = await findWebhookKeyState(database.db, filerId);
    const overlapEnds = state.rotatedAt === undefined ? undefined : state.rotatedAt.getTime() + WEBHOOK_KEY_OVERLAP_MS;
    return {
      signatureHeader: SIGNATURE_HEADER,
      signingSecret: deriveFilerWebhookSecret(secret, filerId, state.generation),
      generation: state.generation,
      previousKeyValidUntil: overlapEnds === undefined || overlapEnds < Date.now() ? null : new Date(overlapEnds).toISOString(),
    };
  });
}
