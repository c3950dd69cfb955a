// The one error shape that crosses every boundary: vendor client → service → IPC → renderer.
// It carries a machine code, a message for the agent in Chinese and in English, and optional
// details that are safe to show (never a secret, never a stack).
import { z } from 'zod';

export const ERROR_CODES = [
  'VALIDATION', // bad input from the renderer, a form, a file
  'NOT_FOUND',
  'UNSUPPORTED', // e.g. replying in a read-only conversation
  'AUTH', // vendor refused our credentials / token
  'VENDOR', // vendor answered with a business error (code 0, statusCode 4001 ...)
  'NETWORK', // could not reach the vendor
  'TIMEOUT',
  'RATE_LIMIT',
  'KEYCHAIN', // OS keychain missing or locked
  'CONFLICT',
  'STORAGE', // local database problem
  'INTERNAL', // a bug: an unexpected throw
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Details are JSON-safe facts such as the vendor's own code or the field that failed. */
export const ErrorDetails = z.record(z.string(), z.unknown());
export type ErrorDetails = z.infer<typeof ErrorDetails>;

export const SerializedError = z.object({
  code: ErrorCode,
  /** English, for logs and the English UI. */
  message: z.string(),
  /** Chinese, for the default UI. */
  messageZh: z.string(),
  details: ErrorDetails.optional(),
});
export type SerializedError = z.infer<typeof SerializedError>;

export interface AppErrorInit {
  code: ErrorCode;
  message: string;
  messageZh: string;
  details?: ErrorDetails;
  /** True when repeating the same request later may succeed (network, 5xx, rate limit). */
  retryable?: boolean;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageZh: string;
  readonly details: ErrorDetails | undefined;
  readonly retryable: boolean;

  constructor(init: AppErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AppError';
    this.code = init.code;
    this.messageZh = init.messageZh;
    this.details = init.details;
    this.retryable = init.retryable ?? false;
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      messageZh: this.messageZh,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Builds the usual bilingual error in one line: appError('NOT_FOUND', '会话不存在', 'Conversation not found'). */
export function appError(
  code: ErrorCode,
  messageZh: string,
  message: string,
  details?: ErrorDetails,
  retryable = false,
): AppError {
  return new AppError({ code, message, messageZh, ...(details ? { details } : {}), retryable });
}
