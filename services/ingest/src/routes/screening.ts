/**
 * Ad-hoc denied-party screening, the same matcher and list editions as the assessments: officers and
 * systems check a name before it ever appears in a filing. Runs on the worker pool, which holds the
 * index, so the API thread never builds or searches it.
 */
import type { FastifyInstance } from 'fastify';

interface ScreeningBody {
  name: string;
  country?: string;
  birthDate?: string;
  imo?: string;
  type?: 'person' | 'organisation' | 'vessel';
  threshold?: number;
}

export async function screeningRoutes(fastify: FastifyInstance): Promise<void> {
  const { pool, config } = fastify.deps;
  fastify.post<{ Body: ScreeningBody }>('/v1/screening/parties', {
    // Customs only: a filer who could see scores against the threshold could tune a party's spelling
    // until it passes, the probing the filer view of filings exists to prevent.
    preHandler: fastify.auth.require('officer', 'supervisor', 'admin'),
    schema: {
      summary: 'Screen a party against the loaded sanctions lists',
      description: 'Customs roles only. Answers every match at or above the threshold with its score, the list entry, the matched name or alias and the per-feature evidence.',
      tags: ['screening'],
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 500 },
          country: { type: 'string', pattern: '^[A-Z]{2}$' },
          birthDate: { type: 'string', pattern: '^\\d{4}(-\\d{2}-\\d{2})?$' },
          imo: { type: 'string', pattern: '^(IMO)?\\s?\\d{7}$' },
          type: { type: 'string', enum: ['person', 'organisation', 'vessel'] },
          threshold: { type: 'number', minimum: 0.5, maximum: 1 },
        },
      },
    },
  }, async (request) => {
    const { threshold, ...query } = request.body;
    const result = await pool.run('screen', { query, ...(threshold === undefined ? {} : { threshold }) }, { queueWaitMs: config.workers.taskTimeoutMs });
    return {
      editions: result.editions,
      threshold: result.threshold,
      matches: result.matches.map((m) => ({
        score: m.score,
        entry: m.entry,
        matchedName: m.matchedName,
        matchedNameKind: m.matchedNameKind,
        evidence: m.evidence,
      })),
    };
  });
}
