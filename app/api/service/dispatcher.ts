/**
 * The boundary every call goes through, whatever the transport: the method name is checked against the contract,
 * the input is validated by the method's schema, and any failure comes back as a typed error, never as a throw.
 */
import type { z } from 'zod';
import { ApiError, toErrorPayload, type ApiIssue, type ApiResult } from '../contract/api-error.js';
import { isMethodName, type Contract, type HandlersOf } from '../contract/contract-kit.js';
import { asApiError } from './domain-errors.js';

/** Calls any method by name with untrusted input. */
export type Dispatch = (method: unknown, input: unknown) => Promise<ApiResult<unknown>>;

/** Validates `input` against `method`'s schema: the parsed input, or an ApiError('invalid_input'). */
export function parseInput<C extends Contract>(contract: C, method: unknown, input: unknown): { method: string; input: unknown } {
  if (!isMethodName(contract, method)) {
    throw new ApiError('unknown_method', `Unknown method: ${typeof method === 'string' ? method.slice(0, 100) : typeof method}`);
  }
  const parsed = contract.methods[method]!.input.safeParse(input);
  if (!parsed.success) throw new ApiError('invalid_input', describeIssues(parsed.error.issues), toIssues(parsed.error.issues));
  return { method, input: parsed.data };
}

/** A dispatcher over `handlers`, which implement every method of `contract`. */
export function createDispatcher<C extends Contract>(contract: C, handlers: HandlersOf<C>): Dispatch {
  const table = handlers as unknown as Record<string, (input: unknown) => unknown>;
  return async (method, input) => {
    try {
      const parsed = parseInput(contract, method, input);
      const value = await table[parsed.method]!(parsed.input);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toErrorPayload(asApiError(error)) };
    }
  };
}

function toIssues(issues: readonly z.core.$ZodIssue[]): ApiIssue[] {
  return issues.slice(0, 20).map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return 'Invalid input';
  const where = first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `Invalid input: ${where}${first.message}${more}`;
}
