import type { ReadDb, WriteDb } from '../db';

export function saveCursor(db: WriteDb, accountId: string, stream: string, value: unknown, now: number): void {
  db.write(
    `INSERT INTO sync_cursors (account_id, stream, cursor, updated_at) VALUES (@accountId, @stream, @cursor, @now)
     ON CONFLICT (account_id, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  ).run({ accountId, stream, cursor: JSON.stringify(value ?? null), now });
}

export function readCursor(db: ReadDb, accountId: string, stream: string): { value: unknown; updatedAt: number } | undefined {
  const row = db
    .select<{ cursor: string; updated_at: number }>(
      'SELECT cursor, updated_at FROM sync_cursors WHERE account_id = @accountId AND stream = @stream',
    )
    .get({ accountId, stream });
  return row && { value: JSON.parse(row.cursor) as unknown, updatedAt: row.updated_at };
}

export function clearCursor(db: WriteDb, accountId: string, stream: string): void {
  db.write('DELETE FROM sync_cursors WHERE account_id = @accountId AND stream = @stream').run({ accountId, stream });
}
