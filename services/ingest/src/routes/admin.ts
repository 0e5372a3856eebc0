/**
 * Administration of principals: create filers, officers, supervisors, partners (with their country)
 * and administrators; issue and revoke API keys; set console passwords (argon2id); disable accounts.
 * Every change is audited. Keys and passwords appear only in the response that creates them.
 */
import { AppError } from '@safe-screen/domain';
import {
  createPrincipal, findPrincipalById, findPrincipalByName, issueApiKey, listApiKeys, listPrincipals, PRINCIPAL_ROLES, revokeApiKey, revokeSessionsOf, setPasswordHash,
  setPrincipalDisabled, tables, type Db, type Principal,
} from '@safe-screen/db';
import type { FastifyInstance } from 'fastify';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../passwords.js';

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;

async function audit(db: Db, actor: Principal, action: string, subjectId: string, details: Record<string, unknown> = {}): Promise<void> {
  await db.insert(tables.auditLog).values({ actorId: actor.id, actorName: actor.name, action, subjectType: 'principal', subjectId, details });
}

export async function adminRoutes(fastify: FastifyInstance): Promise<void> {
  const { database } = fastify.deps;
  const admin = fastify.auth.require('admin');

  const existing = async (id: string): Promise<Principal> => {
    const principal = await findPrincipalById(database.db, id);
    if (principal === undefined) throw new AppError('PRINCIPAL_NOT_FOUND', `no principal ${id}`);
    return principal;
  };

  fastify.get('/v1/admin/principals', {
    preHandler: admin,
    schema: { summary: 'List principals', tags: ['admin'] },
  }, async () => ({ items: await listPrincipals(database.db) }));

  fastify.post<{ Body: { role: (typeof PRINCIPAL_ROLES)[number]; name: string; partnerCountry?: string; password?: string; issueKey?: boolean } }>('/v1/admin/principals', {
    preHandler: admin,
    schema: {
      summary: 'Create a principal (optionally with a console password and an API key)',
      tags: ['admin'],
      body: {
        type: 'object',
        properties: {
          role: { type: 'string', enum: [...PRINCIPAL_ROLES] },
          name: { type: 'string', minLength: 2, maxLength: 120, pattern: '^[A-Za-z0-9._@-]+$' },
          partnerCountry: { type: 'string', pattern: '^[A-Z]{2}$' },
          password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1000 },
          issueKey: { type: 'boolean' },
        },
        required: ['role', 'name'],
        additionalProperties: false,
      },
    },
  }, async (request, reply) => {
    const body = request.body;
    if (body.role === 'partner' && body.partnerCountry === undefined) throw new AppError('REQUEST_INVALID', 'a partner needs its country (partnerCountry)');
    if (body.role !== 'partner' && body.partnerCountry !== undefined) throw new AppError('REQUEST_INVALID', 'only partners have a country');
    if ((await findPrincipalByName(database.db, body.name)) !== undefined) throw new AppError('PRINCIPAL_EXISTS', `a principal named ${body.name} exists`);
    const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
    const result = await database.db.transaction(async (tx) => {
      const principal = await createPrincipal(tx, { role: body.role, name: body.name, ...(body.partnerCountry === undefined ? {} : { partnerCountry: body.partnerCountry }), ...(passwordHash === undefined ? {} : { passwordHash }) });
      const apiKey = body.issueKey === true ? await issueApiKey(tx, principal.id) : undefined;
      await audit(tx, request.principal!, 'principal.created', principal.id, { role: principal.role, name: principal.name, partnerCountry: principal.partnerCountry, password: passwordHash !== undefined, apiKey: apiKey !== undefined });
      return { principal, apiKey };
    });
    return reply.status(201).send({ principal: result.principal, ...(result.apiKey === undefined ? {} : { apiKey: result.apiKey }) });
  });

  fastify.put<{ Params: { id: string }; Body: { password: string } }>('/v1/admin/principals/:id/password', {
    preHandler: admin,
    schema: {
      summary: 'Set a console password (ends the principal\'s sessions)',
      tags: ['admin'],
      params: ID_PARAMS,
      body: { type: 'object', properties: { password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1000 } }, required: ['password'], additionalProperties: false },
    },
  }, async (request, reply) => {
    const principal = await existing(request.params.id);
    const passwordHash = await hashPassword(request.body.password);
    await database.db.transaction(async (tx) => {
      await setPasswordHash(tx, principal.id, passwordHash);
      await revokeSessionsOf(tx, principal.id);
      await audit(tx, request.principal!, 'principal.password_set', principal.id);
    });
    return reply.status(204).send();
  });

  fastify.get<{ Params: { id: string } }>('/v1/admin/principals/:id/keys', {
    preHandler: admin,
    schema: { summary: "A principal's API keys (prefixes only)", tags: ['admin'], params: ID_PARAMS },
  }, async (request) => ({ items: await listApiKeys(database.db, (await existing(request.params.id)).id) }));

  fastify.post<{ Params: { id: string } }>('/v1/admin/principals/:id/keys', {
    preHandler: admin,
    schema: { summary: 'Issue an API key (shown once)', tags: ['admin'], params: ID_PARAMS },
  }, async (request, reply) => {
    const principal = await existing(request.params.id);
    const apiKey = await database.db.transaction(async (tx) => {
      const key = await issueApiKey(tx, principal.id);
      await audit(tx, request.principal!, 'principal.key_issued', principal.id, { keyPrefix: key.slice(0, 10) });
      return key;
    });
    return reply.status(201).send({ apiKey });
  });

  fastify.delete<{ Params: { id: string; keyId: string } }>('/v1/admin/principals/:id/keys/:keyId', {
    preHandler: admin,
    schema: {
      summary: 'Revoke an API key (effective on every instance within a second)',
      tags: ['admin'],
      params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, keyId: { type: 'string', format: 'uuid' } }, required: ['id', 'keyId'] },
    },
  }, async (request, reply) => {
    const revoked = await database.db.transaction(async (tx) => {
      const done = await revokeApiKey(tx, { principalId: request.params.id, keyId: request.params.keyId });
      if (done) await audit(tx, request.principal!, 'principal.key_revoked', request.params.id, { keyId: request.params.keyId });
      return done;
    });
    if (!revoked) throw new AppError('API_KEY_NOT_FOUND', 'no such active key for this principal');
    return reply.status(204).send();
  });

  fastify.post<{ Params: { id: string }; Body: { disabled: boolean } }>('/v1/admin/principals/:id/disabled', {
    preHandler: admin,
    schema: {
      summary: 'Disable or re-enable a principal (disabling ends its sessions)',
      tags: ['admin'],
      params: ID_PARAMS,
      body: { type: 'object', properties: { disabled: { type: 'boolean' } }, required: ['disabled'], additionalProperties: false },
    },
  }, async (request) => {
    const principal = await existing(request.params.id);
    if (principal.id === request.principal!.id) throw new AppError('ACTION_NOT_ALLOWED', 'administrators cannot disable themselves');
    await database.db.transaction(async (tx) => {
      await setPrincipalDisabled(tx, principal.id, request.body.disabled);
      if (request.body.disabled) await revokeSessionsOf(tx, principal.id);
      await audit(tx, request.principal!, request.body.disabled ? 'principal.disabled' : 'principal.enabled', principal.id);
    });
    return { id: principal.id, disabled: request.body.disabled };
  });
}
