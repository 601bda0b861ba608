/**
 * The typed errors of the contract. Every call across a boundary (IPC, HTTP, in-process) resolves to an
 * `ApiResult`: a value, or an error with a code a client can switch on. A bad input is never a crash.
 * Browser-safe: no Node built-ins.
 */

/** Why a call failed. */
export type ApiErrorCode =
  | 'invalid_input' // the input failed the method's schema (see `issues`)
  | 'unknown_method' // no such method in the contract
  | 'not_found' // the input names something the library does not have
  | 'conflict' // the request contradicts the library's state
  | 'busy' // another long job is running
  | 'forbidden' // the caller is not allowed (wrong IPC sender, missing token)
  | 'unavailable' // the core or the server cannot be reached
  | 'internal'; // a bug or an unexpected failure in the core

/** One validation problem: where in the input, and what is wrong. */
export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

/** An error as it travels: plain data, so it survives JSON and structured clone alike. */
export interface ApiErrorPayload {
  code: ApiErrorCode;
  message: string;
  issues?: ApiIssue[];
}

/** What every call resolves to on the wire. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorPayload };

/** A failed call, as handlers throw it and clients receive it. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toPayload(): ApiErrorPayload {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromPayload(payload: ApiErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, payload.issues);
  }
}

/** Any thrown value as a payload: ApiErrors keep their code; anything else is an internal error (no stack leaks). */
export function toErrorPayload(error: unknown): ApiErrorPayload {
  if (error instanceof ApiError) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'internal error' };
}

/** True when `value` has the shape of an ApiResult (what a transport checks before trusting a reply). */
export function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}
