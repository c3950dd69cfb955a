import type { ReadDb, WriteDb } from '../db';
import type { DialAttempt, DialAttemptInput } from '../types';

interface DialAttemptRow {
  id: number;
  account_id: string | null;
  phone: string;
  user_phone: string;
  at: number;
  result: 'ok' | 'failed';
  error_code: string | null;
  error_message: string | null;
}

export function recordDialAttempt(db: WriteDb, attempt: DialAttemptInput): number {
  return db
    .write(
      `INSERT INTO dial_attempts (account_id, phone, user_phone, at, result, error_code, error_message)
       VALUES (@accountId, @phone, @userPhone, @at, @result, @errorCode, @errorMessage)`,
    )
    .run({
      accountId: attempt.accountId ?? null,
      phone: attempt.phone,
      userPhone: attempt.userPhone,
      at: attempt.at,
      result: attempt.result,
      errorCode: attempt.errorCode ?? null,
      errorMessage: attempt.errorMessage ?? null,
    }).lastInsertRowid;
}

/** Newest first. */
export function recentDialAttempts(db: ReadDb, limit: number): DialAttempt[] {
  return db
    .select<DialAttemptRow>(
      `SELECT id, account_id, phone, user_phone, at, result, error_code, error_message
       FROM dial_attempts ORDER BY at DESC, id DESC LIMIT @limit`,
    )
    .all({ limit })
    .map((row) => ({
      id: row.id,
      ...(row.account_id !== null ? { accountId: row.account_id } : {}),
      phone: row.phone,
      userPhone: row.user_phone,
      at: row.at,
      result: row.result,
      ...(row.error_code !== null ? { errorCode: row.error_code } : {}),
      ...(row.error_message !== null ? { errorMessage: row.error_message } : {}),
    }));
}
