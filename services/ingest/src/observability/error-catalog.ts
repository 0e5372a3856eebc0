/**
 * Documents the error catalog in the OpenAPI document: one `ErrorBody` schema, every code with its
 * HTTP status and an example under `x-error-codes`, and 4XX/5XX responses on every operation that
 * does not describe its own. This runs on the generated document only (swagger's transformObject),
 * so it never changes how responses are serialised.
 */
import type { SwaggerTransformObject } from '@fastify/swagger';
import { ERROR_EXAMPLES, ERROR_STATUS } from '../http-errors.js';

export interface ErrorCodeDoc {
  code: string;
  status: number;
  example: { code: string; message: string; requestId: string };
}

/** Every code the HTTP edge can answer with, its status and an example body. */
export function listErrorCodes(): ErrorCodeDoc[] {
  return Object.entries(ERROR_STATUS)
    .map(([code, status]) => ({ code, status, example: { code, message: ERROR_EXAMPLES[code] ?? code, requestId: 'req-1' } }))
    .sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
}

const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable error code; see x-error-codes for the catalog' },
    message: { type: 'string' },
    issues: { type: 'array', items: { type: 'object' }, description: 'Validation issues of a rejected filing: code, severity, location, message' },
    requestId: { type: 'string', description: 'Quote it when reporting a problem; it is in every log line of the request' },
  },
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

type OpenApiDocument = Record<string, unknown> & { paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

function examplesFor(codes: ErrorCodeDoc[]): Record<string, { summary: string; value: ErrorCodeDoc['example'] }> {
  return Object.fromEntries(codes.map((c) => [c.code, { summary: `${c.status} ${c.code}`, value: c.example }]));
}

export const documentErrorCatalog: SwaggerTransformObject = (input) => {
  const codes = listErrorCodes();
  // Only the OpenAPI 3 form is generated here (app.ts configures `openapi`).
  const document = ('openapiObject' in input ? input.openapiObject : input.swaggerObject) as OpenApiDocument;
  const components = (document['components'] ?? {}) as Record<string, Record<string, unknown>>;
  components['schemas'] = { ...(components['schemas'] ?? {}), ErrorBody: ERROR_BODY_SCHEMA };
  const errorResponse = (description: string, list: ErrorCodeDoc[]) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' }, examples: examplesFor(list) } },
  });
  components['responses'] = {
    ...(components['responses'] ?? {}),
    ClientError: errorResponse('Refused: see the code', codes.filter((c) => c.status < 500)),
    ServerError: errorResponse('Unavailable or failed: 503s carry Retry-After', codes.filter((c) => c.status >= 500)),
  };
  document['components'] = components;
  document['x-error-codes'] = codes;
  for (const operations of Object.values(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!HTTP_METHODS.has(method)) continue;
      const responses = (operation.responses ??= {});
      const statuses = Object.keys(responses);
      if (!statuses.some((s) => s.startsWith('4'))) responses['4XX'] = { $ref: '#/components/responses/ClientError' };
      if (!statuses.some((s) => s.startsWith('5'))) responses['5XX'] = { $ref: '#/components/responses/ServerError' };
    }
  }
  return document as ReturnType<SwaggerTransformObject>;
};
