// The router knows nothing about Electron or sockets: a transport hands it (method, input) from the
// renderer and sends back what it returns. Every input is validated against the contract, every
// output is parsed too (so a handler cannot leak a field the contract does not name), and every
// failure becomes { ok: false, error } with a typed code — never a stack, never a secret.
import type { z } from 'zod';
import { AppError, isAppError, type SerializedError } from '@shared/errors';
import type { Contract, MethodNames, OutputOf, ParsedInputOf, Result } from '@shared/ipc/define';
import { silentLogger, type Logger } from '../log/logger';
import { schemaPath, validationError } from './validation-error';

export interface CallContext {
  /** Which transport the call came through, for logs. */
  transport: 'electron' | 'websocket' | 'test';
}

export type Handler<C extends Contract, M extends MethodNames<C>> = (
  input: ParsedInputOf<C, M>,
  context: CallContext,
) => Promise<OutputOf<C, M>> | OutputOf<C, M>;

export type Handlers<C extends Contract> = { [M in MethodNames<C>]: Handler<C, M> };

export interface Router {
  invoke(method: unknown, input: unknown, context?: CallContext): Promise<Result<unknown>>;
  readonly methods: readonly string[];
}

export function createRouter<C extends Contract>(
  contract: C,
  handlers: Handlers<C>,
  logger: Logger = silentLogger,
): Router {
  const log = logger.child('ipc');
  const known = new Set(Object.keys(contract.methods));

  return {
    methods: [...known],
    async invoke(method, input, context = { transport: 'test' }) {
      if (typeof method !== 'string' || !known.has(method) || !Object.hasOwn(handlers, method)) {
        // The name is not repeated: whatever the caller sent is the caller's text.
        return fail({ code: 'NOT_FOUND', message: 'This version of the app has no such call', messageZh: '此版本的应用没有这个调用' });
      }
      const spec = contract.methods[method]!;
      const given = withoutUndefinedFields(input ?? {});
      let parsed: ReturnType<typeof spec.input.safeParse>;
      try {
        parsed = spec.input.safeParse(given);
      } catch (error) {
        // A schema check that throws (a value nested past the stack) is still the caller's input.
        log.warn('input could not be checked', { method, error: error instanceof Error ? error.name : typeof error });
        return fail(unreadableInput());
      }
      if (!parsed.success) return fail(validationError(spec.input, parsed.error, given));

      try {
        const handler = handlers[method as MethodNames<C>] as (i: unknown, c: CallContext) => unknown;
        const value = await handler(parsed.data, context);
        const output = spec.output.safeParse(value);
        if (!output.success) {
          log.error('handler returned a value outside the contract', { method, paths: issuePaths(spec.output, output.error) });
          return fail(internalError());
        }
        return { ok: true, value: output.data };
      } catch (error) {
        if (isAppError(error)) {
          if (error.code === 'INTERNAL') log.error('internal error', { method, message: error.message });
          return fail(error.toJSON());
        }
        log.error('unexpected throw', { method, error: error instanceof Error ? error.message : String(error) });
        return fail(internalError());
      }
    },
  };
}

/**
 * Electron's IPC carries structured clones, where `{ field: undefined }` is a present key; JSON
 * drops it. Dropping it here gives both transports the same input, so an optional field set to
 * undefined means "absent" and never reaches a handler's spread as a value.
 */
function withoutUndefinedFields(input: unknown): unknown {
  const stack: { value: unknown; depth: number }[] = [{ value: input, depth: 0 }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value) || depth > 32) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) continue;
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      if (field === undefined) delete (value as Record<string, unknown>)[key];
      else stack.push({ value: field, depth: depth + 1 });
    }
  }
  return input;
}

function fail(error: SerializedError): Result<never> {
  return { ok: false, error };
}

function issuePaths(schema: z.ZodType, error: z.ZodError): string[] {
  // For the log of a handler's bad output: where, never what.
  return error.issues.slice(0, 20).map((issue) => schemaPath(schema, issue.path));
}

function unreadableInput(): SerializedError {
  return { code: 'VALIDATION', message: 'The input could not be read (nested too deeply)', messageZh: '无法读取输入（嵌套过深）', details: { issues: [] } };
}

export function internalError(): SerializedError {
  return new AppError({
    code: 'INTERNAL',
    message: 'Something went wrong inside the app; the details are in the log',
    messageZh: '应用内部出错，详情见日志',
  }).toJSON();
}
