/**
 * Ad-hoc denied-party screening, the same matcher and list editions as the assessments: officers and
 * systems check a name before it ever appears in a filing. Runs on the worker pool, which holds the
 * index, so the API thread never builds or searches it.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '@safe-screen/domain';
import { readScreeningRows, type SanctionsMatch, type ScreeningRowsFormat } from '@safe-screen/risk';

/** Rows per batch request, and rows screened at once on the pool. */
const MAX_BATCH_ROWS = 20_000;
const BATCH_IN_FLIGHT = 32;
const BATCH_BODY_LIMIT = 8 * 1024 * 1024;

function matchView(m: SanctionsMatch) {
  return { score: m.score, entry: m.entry, matchedName: m.matchedName, matchedNameKind: m.matchedNameKind, evidence: m.evidence };
}

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
      matches: result.matches.map(matchView),
    };
  });

  // Batch: CSV (header with name, country, birthDate, imo, type) or JSON lines in, JSON lines out, one
  // result per input row in input order, with the same evidence as a single screening.
  const formats: Record<string, ScreeningRowsFormat> = { 'text/csv': 'csv', 'application/x-ndjson': 'jsonl', 'application/jsonl': 'jsonl' };
  fastify.addContentTypeParser(Object.keys(formats), { parseAs: 'string', bodyLimit: BATCH_BODY_LIMIT }, (_request, body, done) => done(null, body));
  fastify.post<{ Body: string; Querystring: { threshold?: number } }>('/v1/screening/batch', {
    preHandler: fastify.auth.require('officer', 'supervisor', 'admin'),
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      summary: 'Screen many parties at once (CSV or JSON lines)',
      description: `Customs roles only. Body: text/csv with a header containing name (and optionally country, birthDate, imo, type), or application/x-ndjson with one object per line with the same fields; at most ${MAX_BATCH_ROWS} rows. Answers application/x-ndjson: one line per input row, {line, query, matches, error?}, each match with the list entry, the matched name and the per-feature evidence.`,
      tags: ['screening'],
      querystring: { type: 'object', additionalProperties: false, properties: { threshold: { type: 'number', minimum: 0.5, maximum: 1 } } },
    },
  }, async (request, reply) => {
    const format = formats[(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()]!;
    const rows = readScreeningRows(request.body, format);
    if (rows.length > MAX_BATCH_ROWS) throw new AppError('SCREENING_BATCH_TOO_LARGE', `${rows.length} rows; at most ${MAX_BATCH_ROWS} per request`, { rows: rows.length });
    const { threshold } = request.query;
    const lines = new Array<string>(rows.length);
    let editions: string[] = [];
    let next = 0;
    const work = async () => {
      for (let i = next++; i < rows.length; i = next++) {
        const row = rows[i]!;
        if (row.query === undefined || row.error !== undefined) {
          lines[i] = JSON.stringify({ line: row.line, ...(row.query === undefined ? {} : { query: row.query }), matches: [], error: row.error });
          continue;
        }
        const result = await pool.run('screen', { query: row.query, ...(threshold === undefined ? {} : { threshold }) }, { queueWaitMs: config.workers.taskTimeoutMs });
        editions = result.editions;
        lines[i] = JSON.stringify({ line: row.line, query: row.query, threshold: result.threshold, matches: result.matches.map(matchView) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_IN_FLIGHT, rows.length) }, work));
    void reply.header('content-type', 'application/x-ndjson; charset=utf-8');
    if (editions.length > 0) void reply.header('x-sanctions-editions', editions.join(' '));
    return lines.join('\n') + (lines.length > 0 ? '\n' : '');
  });
}
