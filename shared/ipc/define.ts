// How a contract is written: method name → zod input + output, event name → zod payload.
// Both processes infer their types from the same objects, so nothing is declared twice.
import type { z } from 'zod';
import type { SerializedError } from '../errors';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export interface Contract {
  methods: Record<string, MethodSpec>;
  events: Record<string, z.ZodType>;
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export type MethodNames<C extends Contract> = keyof C['methods'] & string;
export type EventNames<C extends Contract> = keyof C['events'] & string;

/** What a caller passes (before defaults are applied). */
export type InputOf<C extends Contract, M extends MethodNames<C>> = z.input<C['methods'][M]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInputOf<C extends Contract, M extends MethodNames<C>> = z.output<C['methods'][M]['input']>;
export type OutputOf<C extends Contract, M extends MethodNames<C>> = z.output<C['methods'][M]['output']>;
export type PayloadOf<C extends Contract, E extends EventNames<C>> = z.output<C['events'][E]>;

/** The raw bridge both transports offer to the renderer (window.workphone in Electron). */
export interface Bridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/** One IPC channel for calls and one for events, as electron-trpc does. */
export const INVOKE_CHANNEL = 'workphone:invoke';
export const EVENT_CHANNEL = 'workphone:event';
