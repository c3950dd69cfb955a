// Keyset cursors cross IPC as opaque strings. The renderer hands back what it was given; a cursor
// it made up or mangled is a VALIDATION error, never a crash or an odd query.
import type { z } from 'zod';
import { appError } from '@shared/errors';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw badCursor();
  return result.data;
}

function badCursor() {
  return appError('VALIDATION', '分页位置无效，请刷新后重试', 'Invalid page position; refresh and try again', { field: 'cursor' });
}
