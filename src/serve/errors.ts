/**
 * The one place where failures become HTTP answers: `{ error: { code, message, issues? } }` with
 * the status of the error's class. Messages never quote a request's texts: graft's errors name
 * rows and fields, never their content, and parser errors that would quote the body (a JSON
 * syntax error shows the text around the fault) are replaced by a message of our own.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { GraftError } from '../core/index.js';
import type { Issue } from '../core/index.js';

/** No key, or a key that is not valid. */
export class AuthError extends GraftError {
  constructor(message: string) {
    super(message, { code: 'unauthorized', status: 401 });
  }
}

/** A valid key without the scope or the task the request needs. */
export class ForbiddenError extends GraftError {
  constructor(message: string) {
    super(message, { code: 'forbidden', status: 403 });
  }
}

/** Too many requests for this key; `retryAfter` is in whole seconds. */
export class RateLimitError extends GraftError {
  constructor(readonly retryAfter: number, limit: number) {
    super(`Rate limit reached: this key may make ${limit} requests a minute. Retry after ${retryAfter} s, or ask for a key with a higher rate (graft keys create --rate N).`, { code: 'rate_limited', status: 429 });
  }
}

/** A request beyond one of the server's limits (body size, texts, upload size). */
export class LimitError extends GraftError {
  constructor(message: string, code: string, status = 413) {
    super(message, { code, status });
  }
}

/** The server is not ready (model loading) or is shutting down. */
export class UnavailableError extends GraftError {
  constructor(message: string, code = 'unavailable') {
    super(message, { code, status: 503 });
  }
}

/** A request that conflicts with the state of what it names (a job that already ended). */
export class ConflictError extends GraftError {
  constructor(message: string, code = 'conflict') {
    super(message, { code, status: 409 });
  }
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: Issue[] };
}

/** A name a client chose that may be quoted back: an identifier, not free text. */
const IDENTIFIER = /^[A-Za-z_][\w.-]{0,63}$/;

/**
 * One problem with a request, from a zod issue. Zod quotes unknown field names; a name is
 * quoted back only when it is an identifier, so that no text a client put there is repeated.
 */
export function requestIssue(i: { code: string; message: string; keys?: unknown }, path: string): Issue {
  if (i.code === 'unrecognized_keys' && Array.isArray(i.keys)) {
    const names = i.keys.map((k) => (typeof k === 'string' && IDENTIFIER.test(k) ? `"${k}"` : 'a field whose name is not an identifier'));
    return { code: i.code, path, message: `unknown field${names.length > 1 ? 's' : ''} ${names.join(', ')}; the fields are listed at /docs` };
  }
  return { code: i.code, path, message: i.message };
}

/** Fastify's own errors that quote nothing from the body keep their status, with our code and words. */
const FASTIFY_ERRORS: Readonly<Record<string, { status: number; code: string; message: string }>> = Object.freeze({
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_json', message: 'The body is not valid JSON; send a JSON object with Content-Type: application/json.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'bad_json', message: 'The body is empty; send a JSON object with Content-Type: application/json.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Unsupported Content-Type; send application/json (or multipart/form-data to upload a file).' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request', message: 'The Content-Length does not match the body.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'unsupported_media_type', message: 'The request is not multipart/form-data.' },
  FST_PARTS_LIMIT: { status: 413, code: 'too_many_parts', message: 'Too many parts in the upload; send one file and the option fields.' },
  FST_FILES_LIMIT: { status: 413, code: 'too_many_files', message: 'Send one file per upload.' },
  FST_FIELDS_LIMIT: { status: 413, code: 'too_many_fields', message: 'Too many fields in the upload.' },
});

/** Maps any thrown value to a status and body; `log` is told about unexpected ones (5xx). */
export function toHttpError(e: unknown, limits: { bodyBytes: number; uploadBytes: number }): { status: number; body: ErrorBody; retryAfter?: number } {
  if (e instanceof GraftError) {
    const issues = (e as { issues?: readonly Issue[] }).issues;
    const body: ErrorBody = { error: { code: e.code, message: e.message } };
    if (issues && issues.length > 0) body.error.issues = [...issues];
    return { status: e.status, body, retryAfter: e instanceof RateLimitError ? e.retryAfter : undefined };
  }
  if (hasZodFastifySchemaValidationErrors(e)) {
    const where = (e as { validationContext?: string }).validationContext ?? 'body';
    const issues = e.validation.map((v) => requestIssue(
      { code: v.keyword, message: v.message ?? 'is not valid', keys: (v.params as { keys?: unknown }).keys },
      `${where}${v.instancePath === '/' ? '' : v.instancePath.replaceAll('/', '.')}`,
    ));
    const first = issues[0]!;
    const message = issues.length === 1 ? `${first.path}: ${first.message}` : `${issues.length} problems in the request, first ${first.path}: ${first.message}`;
    return { status: 400, body: { error: { code: 'bad_request', message, issues } } };
  }
  const fe = e as Partial<FastifyError> & { part?: unknown };
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
    const upload = fe.code === 'FST_REQ_FILE_TOO_LARGE';
    const limit = upload ? limits.uploadBytes : limits.bodyBytes;
    return { status: 413, body: { error: { code: upload ? 'upload_too_large' : 'body_too_large', message: `The ${upload ? 'uploaded file' : 'request body'} is larger than this server's limit of ${limit} bytes; send less per request (see GET /v1/info).` } } };
  }
  const known = fe.code ? FASTIFY_ERRORS[fe.code] : undefined;
  if (known) return { status: known.status, body: { error: { code: known.code, message: known.message } } };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { error: { code: 'bad_request', message: `The request was refused (${fe.code ?? 'bad request'}).` } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Unexpected error; the server log has the details.' } } };
}

/** Fastify's error handler: answers in graft's shape and logs only what is unexpected. */
export function errorHandler(limits: { bodyBytes: number; uploadBytes: number }) {
  return (e: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const { status, body, retryAfter } = toHttpError(e, limits);
    if (status >= 500 && !(e instanceof GraftError && status === 503)) req.log.error({ err: e }, 'request failed');
    else req.log.info({ code: body.error.code, status }, 'request refused');
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    return reply.code(status).send(body);
  };
}
