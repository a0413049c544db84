/**
 * Errors as plain data, so that one thrown in a worker thread (or another process) is rebuilt
 * on this side as the same GraftError class with its code and issues: the CLI and the server
 * then report it as they would have in this thread, not as an "unexpected error".
 */
import {
  BackboneError, CancelledError, DataError, GraftError, NotFoundError, PrivacyError, UsageError,
} from './errors.js';
import type { Issue } from './errors.js';

export interface ErrorJSON {
  name: string;
  message: string;
  /** GraftErrors: their code, exit code, HTTP status and (DataError, PrivacyError) issues. */
  code?: string;
  exitCode?: number;
  status?: number;
  issues?: Issue[];
  stack?: string;
}

/** The error as structured-clone-safe data (anything thrown: an Error, or another value). */
export function errorToJSON(e: unknown): ErrorJSON {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const out: ErrorJSON = { name: e.name, message: e.message };
  if (e.stack !== undefined) out.stack = e.stack;
  if (e instanceof GraftError) {
    out.code = e.code;
    out.exitCode = e.exitCode;
    out.status = e.status;
    const issues = (e as { issues?: readonly Issue[] }).issues;
    if (issues) out.issues = issues.map((i) => ({ ...i }));
  }
  return out;
}

/**
 * The error `errorToJSON` described, as the same class where it is one of core's (another
 * GraftError keeps its name, code, exit code and status on a GraftError); a plain Error otherwise.
 */
export function errorFromJSON(j: ErrorJSON): Error {
  const e = rebuild(j);
  if (j.stack !== undefined) e.stack = j.stack;
  return e;
}

function rebuild(j: ErrorJSON): Error {
  if (j.code === undefined) return Object.assign(new Error(j.message), { name: j.name });
  switch (j.name) {
    case 'DataError': return new DataError(j.issues ?? j.message, j.code);
    case 'PrivacyError': return new PrivacyError(j.issues ?? j.message, j.code);
    case 'UsageError': return new UsageError(j.message, j.code);
    case 'NotFoundError': return new NotFoundError(j.message, j.code);
    case 'BackboneError': return new BackboneError(j.message);
    case 'CancelledError': return new CancelledError(j.message);
    default: {
      const e = new GraftError(j.message, { code: j.code, exitCode: j.exitCode, status: j.status });
      e.name = j.name;
      return e;
    }
  }
}
