/**
 * The one place error codes become HTTP statuses. Bodies are `{ code, message, issues? }`; a 5xx
 * body never carries internals (they go to the log with the request id).
 */
import { REFUSAL_EXAMPLES, REFUSAL_HTTP_STATUS } from '@safe-screen/cases';
import { AppError } from '@safe-screen/domain';

export const ERROR_STATUS: Record<string, number> = {
  // The lifecycle's refusals (packages/cases), each with its status.
  ...REFUSAL_HTTP_STATUS,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  FILING_NOT_FOUND: 404,
  CONSIGNMENT_NOT_FOUND: 404,
  INSPECTION_REQUEST_NOT_FOUND: 404,
  INSPECTION_ALREADY_ANSWERED: 409,
  WEBHOOK_URL_INVALID: 400,
  REQUEST_INVALID: 400,
  MANIFEST_EMPTY: 400,
  MANIFEST_XML_MALFORMED: 400,
  MANIFEST_ENCODING_INVALID: 400,
  MANIFEST_ENCODING_UNSUPPORTED: 400,
  MANIFEST_DTD_FORBIDDEN: 400,
  MANIFEST_TOO_DEEP: 400,
  MANIFEST_FORMAT_UNKNOWN: 422,
  FILING_REJECTED: 422,
  RULE_SET_INVALID: 422,
  RULE_SET_VERSION_EXISTS: 409,
  FILING_AMENDMENT_REFUSED: 409,
  FILING_INVALIDATION_REFUSED: 409,
  ACTION_NOT_ALLOWED: 409,
  FILING_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  WORKER_POOL_SATURATED: 503,
  WORKER_TASK_TIMEOUT: 503,
  DATABASE_UNAVAILABLE: 503,
  ARCHIVE_UNAVAILABLE: 503,
  SERVICE_STOPPING: 503,
  OVERLOADED: 503,
  LOGIN_FAILED: 401,
  LOGIN_THROTTLED: 429,
  FOUR_EYES_REQUIRED: 403,
  APPROVAL_NOT_FOUND: 404,
  HIT_NOT_FOUND: 404,
  PRINCIPAL_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  ARCHIVE_OBJECT_MISSING: 404,
  CASE_ALREADY_CLAIMED: 409,
  APPROVAL_ALREADY_PENDING: 409,
  PRINCIPAL_EXISTS: 409,
  LEARNING_CSV_REFUSED: 422,
  CSV_INVALID: 422,
  LEARNING_MAPPING_UNKNOWN: 400,
  LEARNING_SETTINGS_INVALID: 400,
  LEARNING_NO_EXAMPLES: 422,
  TARGETING_RETRAIN_BUSY: 409,
  INTERNAL: 500,
};

/** Examples for the API documentation: one per code. */
export const ERROR_EXAMPLES: Record<string, string> = {
  ...REFUSAL_EXAMPLES,
  AUTH_REQUIRED: 'send "Authorization: Bearer <api key>"',
  AUTH_INVALID: 'the API key is unknown or revoked',
  FORBIDDEN: 'a filer asked for another filer\'s filing',
  FILING_NOT_FOUND: 'no filing with MRN 26GB0000000000SE1',
  REQUEST_INVALID: 'body/name must be a non-empty string',
  INSPECTION_REQUEST_NOT_FOUND: 'no inspection request 0b6d… for CN',
  INSPECTION_ALREADY_ANSWERED: 'request 0b6d… already has the result no_anomaly',
  WEBHOOK_URL_INVALID: 'the webhook URL must use https',
  MANIFEST_EMPTY: 'the document is empty',
  MANIFEST_XML_MALFORMED: 'the XML is not well-formed: Unclosed root tag; Line: 3',
  MANIFEST_DTD_FORBIDDEN: 'document type declarations and entities are not accepted',
  MANIFEST_FORMAT_UNKNOWN: 'root element {urn:x}Foo is not a supported filing format',
  FILING_REJECTED: 'the filing has 3 errors; see issues',
  RULE_SET_INVALID: 'the rule set has 2 problem(s); each issue names its path, e.g. rules[3].weight',
  RULE_SET_VERSION_EXISTS: 'rule set version 2026.11-2 already exists; give the new one a new version',
  FILING_AMENDMENT_REFUSED: 'consignment 2 is do not load',
  FILING_TOO_LARGE: 'the body exceeds the limit of 67108864 bytes',
  UNSUPPORTED_MEDIA_TYPE: 'send Content-Type: application/xml',
  RATE_LIMITED: 'too many requests; retry after the Retry-After seconds',
  WORKER_POOL_SATURATED: 'the assessment workers are busy; retry shortly',
  DATABASE_UNAVAILABLE: 'the database is not reachable; retry shortly',
  ARCHIVE_UNAVAILABLE: 'the filing archive is not reachable; retry shortly',
  LOGIN_FAILED: 'unknown name or wrong password',
  LOGIN_THROTTLED: 'too many failed sign-ins; try again in 30 s',
  FOUR_EYES_REQUIRED: 'a different officer must approve or reject this request',
  CASE_ALREADY_CLAIMED: 'another officer holds this case',
  APPROVAL_ALREADY_PENDING: 'a release of this consignment is already waiting for approval',
  NOT_FOUND: 'no route GET /v1/nothing',
  CONSIGNMENT_NOT_FOUND: 'no consignment 3f2a… visible to you',
  MANIFEST_ENCODING_INVALID: 'the body is not valid UTF-8 at byte 1042',
  MANIFEST_ENCODING_UNSUPPORTED: 'encoding "EBCDIC" is not supported; send UTF-8',
  MANIFEST_TOO_DEEP: 'elements are nested deeper than 64 levels',
  FILING_INVALIDATION_REFUSED: 'the goods of consignment 1 have arrived',
  ACTION_NOT_ALLOWED: 'a released consignment cannot be put on hold by its filer',
  WORKER_TASK_TIMEOUT: 'worker task parse did not finish in time',
  SERVICE_STOPPING: 'the instance is shutting down; retry on another',
  OVERLOADED: 'the service is overloaded; retry shortly',
  APPROVAL_NOT_FOUND: 'no pending approval 5c1e…',
  HIT_NOT_FOUND: 'the assessment has no hit SANCTIONS:UN:QDi.123',
  PRINCIPAL_NOT_FOUND: 'no principal named acme-filer',
  API_KEY_NOT_FOUND: 'no API key with prefix ssk_4f2a',
  ARCHIVE_OBJECT_MISSING: 'the archived body of this filing version is missing',
  PRINCIPAL_EXISTS: 'a principal named acme-filer already exists',
  LEARNING_CSV_REFUSED: 'the file cannot be imported: the header has no column "Fraud"; see issues',
  CSV_INVALID: 'line 12: the CSV is not well-formed (Quote Not Closed: the parsing is finished with an opening quote at line 12)',
  LEARNING_MAPPING_UNKNOWN: 'no column mapping "acme"; known: kcs',
  LEARNING_SETTINGS_INVALID: 'unknown feature family "colour"',
  LEARNING_NO_EXAMPLES: 'no labelled examples to train on',
  TARGETING_RETRAIN_BUSY: 'a retraining is already running; try again when it has finished',
  INTERNAL: 'an internal error occurred; quote the request id',
};

const DATABASE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03', '08006', '08001', '08003']);

/** Recognises a lost database connection (postgres.js errors carry a code, sometimes on `cause`). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DATABASE_DOWN_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export interface ErrorBody {
  code: string;
  message: string;
  issues?: unknown[];
  requestId?: string;
}

export function toHttpError(error: unknown): { status: number; body: ErrorBody; retryAfterSeconds?: number } {
  if (error instanceof AppError) {
    const status = ERROR_STATUS[error.code] ?? 400;
    const issues = error.details?.['issues'];
    const retry = error.details?.['retryAfterSeconds'];
    return {
      status,
      body: { code: error.code, message: error.message, ...(Array.isArray(issues) ? { issues } : {}) },
      ...(typeof retry === 'number' ? { retryAfterSeconds: retry } : status === 503 ? { retryAfterSeconds: 5 } : {}),
    };
  }
  // The archive first: its error carries the S3 client's ECONNREFUSED as its cause, which the
  // database check below would otherwise take for a lost database connection.
  if ((error as { code?: string }).code === 'ARCHIVE_UNAVAILABLE') {
    return { status: 503, body: { code: 'ARCHIVE_UNAVAILABLE', message: 'the filing archive is not reachable; retry shortly' }, retryAfterSeconds: 5 };
  }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, body: { code: 'DATABASE_UNAVAILABLE', message: 'the database is not reachable; retry shortly' }, retryAfterSeconds: 5 };
  }
  const fastifyCode = (error as { code?: string }).code;
  const statusCode = (error as { statusCode?: number }).statusCode;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, body: { code: 'FILING_TOO_LARGE', message: 'the body exceeds the configured limit' } };
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'unsupported Content-Type; filings are sent as application/xml, other requests as application/json' } };
  }
  if (fastifyCode === 'FST_ERR_VALIDATION') {
    return { status: 400, body: { code: 'REQUEST_INVALID', message: (error as Error).message } };
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, body: { code: statusCode === 429 ? 'RATE_LIMITED' : 'REQUEST_INVALID', message: (error as Error).message } };
  }
  if (typeof statusCode === 'number' && statusCode === 503) {
    return { status: 503, body: { code: 'OVERLOADED', message: 'the service is overloaded; retry shortly' }, retryAfterSeconds: 5 };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'an internal error occurred; quote the request id when reporting it' } };
}
