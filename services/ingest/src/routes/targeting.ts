/**
 * The targeting model's administration: import historical inspection outcomes from CSV, retrain on
 * demand, list the model versions with their metrics. Supervisors and administrators only: what the
 * model learns from steers which cargo officers look at.
 */
import { AppError } from '@safe-screen/domain';
import { countInspectionOutcomes, importInspectionOutcomes, listTargetingModels, tables, type Db, type Principal } from '@safe-screen/db';
import { importExamplesCsv, KCS_MAPPING, TARGETS, type CsvMapping, type Target } from '@safe-screen/learning';
import type { FastifyInstance } from 'fastify';
import type { TargetingTrainer } from '../targeting-trainer.js';

/** Column mappings the import accepts, by the name given in `?mapping=`. */
const MAPPINGS: Record<string, CsvMapping> = { kcs: KCS_MAPPING };

/** Row issues returned in the response; the count says how many there were in all. */
const MAX_ISSUES_SHOWN = 100;

async function audit(db: Db, actor: Principal, action: string, details: Record<string, unknown>): Promise<void> {
  await db.insert(tables.auditLog).values({ actorId: actor.id, actorName: actor.name, action, subjectType: 'targeting_model', subjectId: 'targeting', details });
}

export async function targetingRoutes(fastify: FastifyInstance, options: { trainer: TargetingTrainer }): Promise<void> {
  const { database, config } = fastify.deps;
  const allowed = fastify.auth.require('admin', 'supervisor');

  fastify.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: config.bodyLimitBytes }, (_request, body, done) => done(null, body));

  fastify.post<{ Querystring: { mapping: string }; Body: string }>('/v1/targeting/outcomes/import', {
    preHandler: allowed,
    schema: {
      summary: 'Import historical inspection outcomes from CSV (Content-Type: text/csv) as labelled examples',
      tags: ['targeting'],
      querystring: { type: 'object', properties: { mapping: { type: 'string', minLength: 1, maxLength: 40 } }, required: ['mapping'] },
    },
  }, async (request) => {
    const mapping = Object.hasOwn(MAPPINGS, request.query.mapping) ? MAPPINGS[request.query.mapping] : undefined;
    if (mapping === undefined) throw new AppError('LEARNING_MAPPING_UNKNOWN', `no column mapping "${request.query.mapping}"; known: ${Object.keys(MAPPINGS).join(', ')}`);
    if (typeof request.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send Content-Type: text/csv');
    const outcome = importExamplesCsv(request.body, mapping);
    if (!outcome.ok) throw new AppError('LEARNING_CSV_REFUSED', `the file cannot be imported: ${outcome.issues.map((i) => i.message).join('; ')}`, { issues: outcome.issues });
    const { inserted } = await importInspectionOutcomes(
      database.db,
      outcome.rows.map((e) => ({ source: e.source, outcome: e.outcome, features: e.features, reference: e.id, observedOn: e.date })),
    );
    const skipped = outcome.issues.filter((i) => i.severity === 'error').length;
    const result = {
      mapping: request.query.mapping,
      rowsRead: outcome.rows.length + skipped,
      imported: inserted,
      // Same source and declaration id as a row already stored: a re-import adds nothing.
      alreadyImported: outcome.rows.length - inserted,
      skipped,
      issueCount: outcome.issues.length,
      issues: outcome.issues.slice(0, MAX_ISSUES_SHOWN),
    };
    await audit(database.db, request.principal!, 'targeting.outcomes_imported', { mapping: result.mapping, imported: inserted, alreadyImported: result.alreadyImported, skipped });
    return result;
  });

  fastify.post<{ Body: { target?: Target; includeControlGroup?: boolean } | undefined }>('/v1/targeting/retrain', {
    preHandler: allowed,
    schema: {
      summary: 'Retrain the targeting model from the recorded outcomes now and activate it',
      description: 'Answers `trained` (new active version and its metrics), `unchanged` (same data and settings as the active model) or `skipped` (too few labelled outcomes).',
      tags: ['targeting'],
      body: {
        type: 'object',
        properties: { target: { type: 'string', enum: [...TARGETS] }, includeControlGroup: { type: 'boolean' } },
        additionalProperties: false,
        nullable: true,
      },
    },
  }, async (request) => {
    const body = request.body ?? {};
    const result = await options.trainer.retrain({
      ...(body.target === undefined ? {} : { target: body.target }),
      ...(body.includeControlGroup === undefined ? {} : { includeControlGroup: body.includeControlGroup }),
    });
    await audit(database.db, request.principal!, 'targeting.retrained', { status: result.status, ...('version' in result ? { version: result.version } : {}) });
    return result;
  });

  fastify.get('/v1/targeting/models', {
    preHandler: allowed,
    schema: { summary: 'Targeting model versions, newest first, with their metrics and which one is active', tags: ['targeting'] },
  }, async () => {
    const items = await listTargetingModels(database.db);
    return { active: items.find((m) => m.active)?.version ?? null, outcomes: await countInspectionOutcomes(database.db), items };
  });
}
