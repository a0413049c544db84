/**
 * One error class per kind of failure a user can act on. Every message says what was
 * wrong, where, and what to do. The CLI prints `message` and exits with `exitCode`;
 * the server answers 4xx with `{ error: { code, message } }`.
 */

/** One problem found in user input: `path` is file:line(:column) or a field name. */
export interface Issue {
  code: string;
  path: string;
  message: string;
}

export class GraftError extends Error {
  /** Stable machine-readable code, e.g. `data_invalid`. */
  readonly code: string;
  /** Process exit code for the CLI: 2 for bad usage or bad data, 1 otherwise. */
  readonly exitCode: number;
  /** HTTP status for the server. */
  readonly status: number;

  constructor(message: string, opts: { code: string; exitCode?: number; status?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = opts.code;
    this.exitCode = opts.exitCode ?? 1;
    this.status = opts.status ?? 500;
  }
}

/** Bad input data. Carries every issue found, not only the first. */
export class DataError extends GraftError {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[] | string, code = 'data_invalid') {
    const list: Issue[] = typeof issues === 'string' ? [{ code, path: '', message: issues }] : [...issues];
    super(formatIssues(list), { code, exitCode: 2, status: 400 });
    this.issues = list;
  }
}

/** Bad command-line usage or bad parameters. */
export class UsageError extends GraftError {
  constructor(message: string, code = 'bad_usage') {
    super(message, { code, exitCode: 2, status: 400 });
  }
}

/** Private data found where the policy forbids it. Never quotes the private content. */
export class PrivacyError extends GraftError {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[] | string, code = 'privacy_refused') {
    const list: Issue[] = typeof issues === 'string' ? [{ code, path: '', message: issues }] : [...issues];
    super(formatIssues(list), { code, exitCode: 2, status: 422 });
    this.issues = list;
  }
}

/** A backbone could not load or run. */
export class BackboneError extends GraftError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'backbone_failed', exitCode: 1, status: 500, cause });
  }
}

/** A named thing (task, version, run, backbone, head kind) does not exist. */
export class NotFoundError extends GraftError {
  constructor(message: string, code = 'not_found') {
    super(message, { code, exitCode: 2, status: 404 });
  }
}

/** The user cancelled (Ctrl-C or an AbortSignal). Nothing half-done was kept. */
export class CancelledError extends GraftError {
  constructor(message = 'Cancelled; nothing was saved.') {
    super(message, { code: 'cancelled', exitCode: 130, status: 499 });
  }
}

/** Throws CancelledError if the signal has been aborted. Call between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

export function formatIssues(issues: readonly Issue[], max = 20): string {
  if (issues.length === 1) {
    const i = issues[0]!;
    return i.path ? `${i.path}: ${i.message}` : i.message;
  }
  const lines = issues.slice(0, max).map((i) => `  - ${i.path ? `${i.path}: ` : ''}${i.message} [${i.code}]`);
  const more = issues.length > max ? `\n  … and ${issues.length - max} more` : '';
  return `${issues.length} problems found:\n${lines.join('\n')}${more}`;
}
