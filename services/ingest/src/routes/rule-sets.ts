/**
 * Targeting rule sets as versioned data: officers propose a version and run it in shadow mode over
 * recent filings to see what it would change; a supervisor activates it without a restart (every
 * instance picks the new version up within its snapshot refresh interval). Every step is audited.
 */
import { AppError } from '@safe-screen/domain';
import { activateRuleSet, appendAudit, countAssessedConsignments, findRuleSet, listAssessedConsignments, listRuleSets, saveRuleSet } from '@safe-screen/db';
import { parseRuleSetText, validateRuleSet } from '@safe-screen/risk';
import type { FastifyInstance } from 'fastify';
import { reassessStored } from '../reassess-stored.js';

const RULE_SET_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export async function ruleSetRoutes(fastify: FastifyInstance): Promise<void> {
  const { database, config } = fastify.deps;
  fastify.addContentTypeParser(RULE_SET_TYPES, { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  fastify.get('/v1/rule-sets', {
    preHandler: fastify.auth.require('officer', 'supervisor', 'admin'),
    schema: { summary: 'Rule set versions and which one is active', tags: ['rules'] },
  }, async () => ({ ruleSets: await listRuleSets(database.db), active: fastify.deps.activeVersions?.().ruleSetVersion }));

  fastify.get<{ Params: { version: string } }>('/v1/rule-sets/:version', {
    preHandler: fastify.auth.require('officer', 'supervisor', 'admin'),
    schema: { summary: 'One rule set version with its document', tags: ['rules'] },
  }, async (request) => {
    const row = await findRuleSet(database.db, request.params.version);
    if (row === undefined) throw new AppError('NOT_FOUND', `no rule set version ${request.params.version}`);
    return row;
  });

  fastify.post('/v1/rule-sets', {
    preHandler: fastify.auth.require('officer', 'supervisor', 'admin'),
    schema: {
      summary: 'Propose a rule set version (JSON or YAML); it is validated and stored as a draft',
      description: 'Validation issues come back as `issues` with the path of each problem. A version string is never reused.',
      tags: ['rules'],
    },
  }, async (request, reply) => {
    const validation = typeof request.body === 'string' ? parseRuleSetText(request.body) : validateRuleSet(request.body);
    if (!validation.ok) {
      throw new AppError('RULE_SET_INVALID', `the rule set has ${validation.issues.length} problem(s)`, {
        issues: validation.issues.map((i) => ({ severity: 'error', code: i.code, message: i.message, location: i.path })),
      });
    }
    const principal = request.principal!;
    const result = await database.db.transaction(async (tx) => {
      const saved = await saveRuleSet(tx, { version: validation.ruleSet.version, document: validation.ruleSet as unknown as Record<string, unknown>, createdBy: principal.name });
      if (saved === 'created') {
        await appendAudit(tx, { actorId: principal.id, actorName: principal.name, action: 'rule_set.proposed', subjectType: 'rule_set', subjectId: validation.ruleSet.version, reason: null, details: { rules: validation.ruleSet.rules.length } });
      }
      return saved;
    });
    if (result === 'exists') throw new AppError('RULE_SET_VERSION_EXISTS', `rule set version ${validation.ruleSet.version} already exists; give the new one a new version`);
    return reply.status(201).send({ version: validation.ruleSet.version, status: 'draft', rules: validation.ruleSet.rules.length });
  });

  fastify.post<{ Params: { version: string }; Querystring: { days?: number; limit?: number } }>('/v1/rule-sets/:version/shadow', {
    preHandler: fastify.auth.require('officer', 'supervisor', 'admin'),
    schema: {
      summary: 'Shadow run: what a rule set version would have decided on recent filings, beside what was decided',
      tags: ['rules'],
      querystring: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 90, default: 7 }, limit: { type: 'integer', minimum: 1, maximum: 20000, default: 2000 } } },
    },
  }, async (request) => {
    const row = await findRuleSet(database.db, request.params.version);
    if (row === undefined) throw new AppError('NOT_FOUND', `no rule set version ${request.params.version}`);
    const days = request.query.days ?? 7;
    const since = new Date(Date.now() - days * 86_400_000);
    const cases = await listAssessedConsignments(database.db, { since, limit: request.query.limit ?? 2000 });
    const available = await countAssessedConsignments(database.db, since);
    const report = await reassessStored(database, config, row.document, cases);
    return { version: row.version, since: since.toISOString(), available, ...report };
  });

  fastify.post<{ Params: { version: string }; Body: { reason: string } }>('/v1/rule-sets/:version/activate', {
    preHandler: fastify.auth.require('supervisor', 'admin'),
    schema: {
      summary: 'Activate a rule set version without a restart',
      tags: ['rules'],
      body: { type: 'object', properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 } }, required: ['reason'] },
    },
  }, async (request) => {
    const principal = request.principal!;
    const activated = await database.db.transaction(async (tx) => {
      const ok = await activateRuleSet(tx, request.params.version);
      if (ok) await appendAudit(tx, { actorId: principal.id, actorName: principal.name, action: 'rule_set.activated', subjectType: 'rule_set', subjectId: request.params.version, reason: request.body.reason, details: {} });
      return ok;
    });
    if (!activated) throw new AppError('NOT_FOUND', `no rule set version ${request.params.version}`);
    // This instance switches now; the others within their snapshot refresh interval.
    await fastify.deps.refreshSnapshot?.();
    return { version: request.params.version, status: 'active' };
  });
}
