/**
 * The licence register over HTTP, customs roles only: load licences (one or an array, JSON), list
 * them with what has been drawn, and look one up. Filings cite licences; the assessment checks them.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '@safe-screen/domain';
import { appendAudit } from '@safe-screen/db';
import { findLicence, listLicences, upsertLicences, type LicenceWithUse } from '@safe-screen/db/licence-repository';
import { parseLicenceRecords } from '@safe-screen/risk';

function view(l: LicenceWithUse) {
  return {
    number: l.number,
    issuingCountry: l.issuingCountry,
    direction: l.direction,
    category: l.category,
    holderName: l.holderName,
    ...(l.holderIdentifier === null ? {} : { holderIdentifier: l.holderIdentifier }),
    goodsDescription: l.goodsDescription,
    hsCodes: l.hsCodes,
    quantity: l.quantity,
    drawn: l.drawn,
    remaining: Math.round((l.quantity - l.drawn) * 1000) / 1000,
    unit: l.unit,
    validFrom: l.validFrom,
    validTo: l.validTo,
    status: l.status,
    loadedBy: l.loadedBy,
  };
}

export async function licenceRoutes(fastify: FastifyInstance): Promise<void> {
  const { database } = fastify.deps;
  const customs = fastify.auth.require('officer', 'supervisor', 'admin');

  fastify.post('/v1/licences', {
    preHandler: customs,
    schema: {
      summary: 'Load import/export licences (one object or an array); known (issuingCountry, number) pairs get the new terms',
      description: 'Customs roles (officer, supervisor, admin). Fields: number, issuingCountry, direction (import|export), category (arms|explosives|dual_use|chemicals), holderName, holderIdentifier?, goodsDescription, hsCodes, quantity, unit (kg|items), validFrom, validTo, status?. Every bad field comes back as an issue with its path.',
      tags: ['licences'],
    },
  }, async (request, reply) => {
    const parsed = parseLicenceRecords(request.body);
    if (!parsed.ok) {
      throw new AppError('REQUEST_INVALID', `the licence file has ${parsed.issues.length} problem(s)`, {
        issues: parsed.issues.map((i) => ({ severity: 'error', code: 'LICENCE_FIELD_INVALID', message: i.message, location: i.path })),
      });
    }
    const principal = request.principal!;
    const result = await database.db.transaction(async (tx) => {
      const counts = await upsertLicences(tx, parsed.licences, principal.name);
      await appendAudit(tx, { actorId: principal.id, actorName: principal.name, action: 'licences.loaded', subjectType: 'licence', subjectId: parsed.licences.map((l) => `${l.issuingCountry}:${l.number}`).slice(0, 20).join(','), reason: null, details: counts });
      return counts;
    });
    return reply.status(201).send(result);
  });

  fastify.get('/v1/licences', {
    preHandler: customs,
    schema: { summary: 'Licences in the register with the quantity drawn and left', tags: ['licences'] },
  }, async () => ({ licences: (await listLicences(database.db)).map(view) }));

  fastify.get<{ Params: { country: string; number: string } }>('/v1/licences/:country/:number', {
    preHandler: customs,
    schema: { summary: 'One licence by issuing country and number', tags: ['licences'] },
  }, async (request) => {
    const licence = await findLicence(database.db, request.params.country, request.params.number);
    if (licence === undefined) throw new AppError('NOT_FOUND', `no licence ${request.params.number} issued by ${request.params.country}`);
    return view(licence);
  });
}
