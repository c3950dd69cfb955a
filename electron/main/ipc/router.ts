// The router knows nothing about Electron or sockets: a transport hands it (method, input) from the
// renderer and sends back what it returns. Every input is validated against the contract, every
// output is parsed too (so a handler cannot leak a field the contract does not name), and every
// failure becomes { ok: false, error } with a typed code — never a stack, never a secret.
import type { z } from 'zod';
import { AppError, isAppError, type SerializedError } from '@shared/errors';
import type { Contract, MethodNames, OutputOf, ParsedInputOf, Result } from '@shared/ipc/define';
import { silentLogger, type Logger } from '../log/logger';

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
        return fail({
          code: 'NOT_FOUND',
          message: 'Unknown method',
          messageZh: '未知的调用',
          details: { method: typeof method === 'string' ? method.slice(0, 100) : typeof method },
        });
      }
      const spec = contract.methods[method]!;
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) return fail(validationError(parsed.error));

      try {
        const handler = handlers[method as MethodNames<C>] as (i: unknown, c: CallContext) => unknown;
        const value = await handler(parsed.data, context);
        const output = spec.output.safeParse(value);
        if (!output.success) {
          log.error('handler returned a value outside the contract', { method, issues: issuePaths(output.error) });
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

function fail(error: SerializedError): Result<never> {
  return { ok: false, error };
}

function issuePaths(error: z.ZodError): { path: string; message: string }[] {
  // Only where and what kind: the input itself may hold a secret (a client secret in a form).
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
}

function validationError(error: z.ZodError): SerializedError {
  const issues = issuePaths(error);
  const first = issues[0];
  return {
    code: 'VALIDATION',
    message: first ? `Invalid input at ${first.path}: ${first.message}` : 'Invalid input',
    messageZh: first ? `输入有误（${first.path}）` : '输入有误',
    details: { issues },
  };
}

function internalError(): SerializedError {
  return new AppError({
    code: 'INTERNAL',
    message: 'Something went wrong inside the app; the details are in the log',
    messageZh: '应用内部出错，详情见日志',
  }).toJSON();
}
