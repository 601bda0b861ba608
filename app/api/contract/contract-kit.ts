/**
 * The building blocks of the contract: a method is a name, a zod schema for its input and a type for its output; an
 * event is a name and a payload type. Everything that crosses a boundary (IPC router, preload, renderer client, web
 * host, test harness) is derived from these declarations, so adding a method is one entry in a contract file.
 * Browser-safe: zod only.
 */
import type { z } from 'zod';

declare const outputType: unique symbol;
declare const payloadType: unique symbol;

/** One method: its input schema (validated at every boundary) and, at the type level only, its output. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  /** One line for people reading the contract (and for generated docs). */
  readonly summary: string;
  /** Type-level marker: never set at runtime. */
  readonly [outputType]?: O;
}

/** One event pushed from the core to every client. */
export interface EventSpec<P = unknown> {
  readonly summary: string;
  /** Type-level marker: never set at runtime. */
  readonly [payloadType]?: P;
}

/**
 * Declares a method whose output type is `O`: `method<Folder[]>()({ input: z.strictObject({}), summary: '...' })`.
 * Curried so that `O` is written and the input schema's type is inferred.
 */
export function method<O>(): <I extends z.ZodType>(spec: { input: I; summary: string }) => MethodSpec<I, O> {
  return (spec) => spec;
}

/** Declares an event whose payload type is `P`. */
export function event<P>(summary: string): EventSpec<P> {
  return { summary };
}

/** A whole contract: methods and events, keyed by their dotted names. */
export interface Contract {
  readonly methods: Readonly<Record<string, MethodSpec>>;
  readonly events: Readonly<Record<string, EventSpec>>;
}

export type MethodName<C extends Contract> = keyof C['methods'] & string;
export type EventName<C extends Contract> = keyof C['events'] & string;

/** What a caller passes (before defaults and transforms). */
export type InputOf<C extends Contract, M extends MethodName<C>> = z.input<C['methods'][M]['input']>;
/** What a handler receives (after validation). */
export type ParsedInputOf<C extends Contract, M extends MethodName<C>> = z.output<C['methods'][M]['input']>;
export type OutputOf<C extends Contract, M extends MethodName<C>> = C['methods'][M] extends MethodSpec<z.ZodType, infer O> ? O : never;
export type PayloadOf<C extends Contract, E extends EventName<C>> = C['events'][E] extends EventSpec<infer P> ? P : never;

/** An event as it travels: its name and payload, discriminated by name. */
export type EventMessage<C extends Contract> = { [E in EventName<C>]: { name: E; payload: PayloadOf<C, E> } }[EventName<C>];

/** The implementation of every method of a contract (TypeScript names any one that is missing). */
export type HandlersOf<C extends Contract> = {
  [M in MethodName<C>]: (input: ParsedInputOf<C, M>) => Promise<OutputOf<C, M>> | OutputOf<C, M>;
};

/** The handlers of one part of a contract (a `*-contract.ts` file's methods). */
export type HandlersFor<M extends Contract['methods']> = HandlersOf<{ methods: M; events: Record<never, EventSpec> }>;

/** True when `name` is one of the contract's methods (own keys only: `__proto__` and friends are not methods). */
export function isMethodName<C extends Contract>(contract: C, name: unknown): name is MethodName<C> {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.methods, name);
}

/** True when `name` is one of the contract's events. */
export function isEventName<C extends Contract>(contract: C, name: unknown): name is EventName<C> {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract.events, name);
}
