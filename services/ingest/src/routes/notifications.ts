/**
 * Notices to filers over HTTP: poll them by MRN, or register a webhook to have them pushed (signed;
 * see services/relay/README.md for verification). Each filer gets its own signing key, derived from
 * the service secret, shown when the webhook is registered.
 */
import { AppError } from '@safe-screen/domain';
import { findFilingByMrn, listNotificationsForFiling, setWebhookUrl } from '@safe-screen/db';
import { encodeCursor, listNoticeFeed } from '@safe-screen/db/filer-traffic-repository';
import { findWebhookKeyState } from '@safe-screen/db/webhook-key-repository';
import { deriveFilerWebhookSecret, resolveWebhookSecret, SIGNATURE_HEADER } from '@safe-screen/relay';
import type { FastifyInstance } from 'fastify';
import { canSeeFiling } from '../auth.js';
import { cursorParam } from './filer-traffic.js';
import { requirementOf } from '@safe-screen/cases';

/** Plain http only to the filer's own machine in development; anything else must be https. */
function checkWebhookUrl(raw: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('WEBHOOK_URL_INVALID', 'the webhook URL is not a valid absolute URL');
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local && !production)) {
    throw new AppError('WEBHOOK_URL_INVALID', 'the webhook URL must use https');
  }
  if (url.username !== '' || url.password !== '') throw new AppError('WEBHOOK_URL_INVALID', 'the webhook URL must not carry credentials');
  return url.toString();
}

export async function notificationRoutes(fastify: FastifyInstance): Promise<void> {
  const { database, config } = fastify.deps;
  const secret = await resolveWebhookSecret(database.db, config.webhookSecret);

  fastify.get<{ Params: { mrn: string } }>('/v1/filings/:mrn/notifications', {
    preHandler: fastify.auth.require('filer', 'officer', 'supervisor', 'admin'),
    schema: {
      summary: "Notices issued to the filer about a filing (Do Not Load, request for information, …)",
      description: 'Oldest first. A filer sees only its own filings; another filer\'s MRN answers 404.',
      tags: ['notifications'],
      params: { type: 'object', properties: { mrn: { type: 'string', minLength: 1, maxLength: 40 } }, required: ['mrn'] },
    },
  }, async (request) => {
    const principal = request.principal!;
    const mrn = request.params.mrn.toUpperCase();
    const filing = await findFilingByMrn(database.db, mrn);
    if (filing === undefined || !canSeeFiling(principal, filing.filerId)) throw new AppError('FILING_NOT_FOUND', `no filing with MRN ${request.params.mrn}`);
    const rows = await listNotificationsForFiling(database.db, { mrn, filerId: filing.filerId });
    return {
      mrn,
      notifications: rows.map((n) => ({
        notificationId: n.id,
        consignmentId: n.consignmentId,
        kind: n.kind,
        message: n.message,
        issuedAt: n.createdAt.toISOString(),
        webhookStatus: n.webhookStatus,
      })),
    };
  });

  fastify.get<{ Querystring: { limit?: number; after?: string } }>('/v1/notifications', {
    preHandler: fastify.auth.require('filer'),
    schema: {
      summary: 'Every notice addressed to the calling filer: the latest, or a feed from a cursor',
      description: "Its own filings' notices and, as the carrier that would load it, Do Not Load, screening request and release notices about forwarders' house consignments it carries. Without `after`: the latest notices, newest first. With `after` (`start`, or the `cursor` of an earlier answer): the notices issued since, oldest first, each exactly once (a notice enters the feed a few seconds after it is issued, so none can land behind a cursor). Every notice carries the MRN, LRN, house and master transport documents, equipment, what is required and by when.",
      tags: ['notifications'],
      querystring: {
        type: 'object',
        properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 }, after: { type: 'string', minLength: 1, maxLength: 200 } },
        additionalProperties: false,
      },
    },
  }, async (request) => {
    const principal = request.principal!;
    const after = request.query.after === undefined ? undefined : request.query.after === 'start' ? 'start' as const : cursorParam('after', request.query.after);
    const rows = await listNoticeFeed(database.db, { filerId: principal.filerId ?? principal.id, limit: request.query.limit ?? 100, ...(after === undefined ? {} : { after }) });
    const newest = after === undefined ? rows[0] : rows.at(-1);
    return {
      notifications: rows.map((n) => ({
        notificationId: n.id, mrn: n.mrn, lrn: n.lrn, consignmentId: n.consignmentId, sequence: n.sequence, kind: n.kind, message: n.message,
        transportDocumentNumber: n.transportDocumentNumber, masterDocumentNumber: n.masterDocumentNumber, equipment: n.equipment,
        ...requirementOf(n.kind, n.consignmentId, n.loadingAt),
        issuedAt: n.issuedAt.toISOString(),
      })),
      // Pass back as `after` for what comes next (unchanged when nothing new came).
      cursor: newest === undefined ? (typeof after === 'object' ? encodeCursor(after) : null) : encodeCursor(newest.cursor),
    };
  });

  fastify.put<{ Body: { url: string | null } }>('/v1/webhook', {
    preHandler: fastify.auth.require('filer'),
    schema: {
      summary: 'Register (or remove, with null) the URL notices are pushed to',
      description: `Notices are POSTed as JSON with the header ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"> keyed with the signingSecret returned here. Retried with exponential backoff until a 2xx answer.`,
      tags: ['notifications'],
      body: {
        type: 'object',
        properties: { url: { anyOf: [{ type: 'string', minLength: 1, maxLength: 2000 }, { type: 'null' }] } },
        required: ['url'],
        additionalProperties: false,
      },
    },
  }, async (request) => {
    const principal = request.principal!;
    const url = request.body.url === null ? null : checkWebhookUrl(request.body.url, config.env === 'production');
    await setWebhookUrl(database.db, principal.id, url);
    request.log.info({ principal: principal.id, registered: url !== null }, 'webhook registration changed');
    const filerId = principal.filerId ?? principal.id;
    return {
      url,
      signatureHeader: SIGNATURE_HEADER,
      // The current generation's key (POST /v1/webhook/key rotates it; routes/webhook-keys.ts).
      signingSecret: deriveFilerWebhookSecret(secret, filerId, (await findWebhookKeyState(database.db, filerId)).generation),
    };
  });
}
