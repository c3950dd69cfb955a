import type { ReadDb, WriteDb } from '../db';
import type { QuickReply, QuickReplyInput, QuickReplyKind } from '../types';

interface QuickReplyRow {
  id: number;
  kind: QuickReplyKind;
  title: string;
  text: string;
  media: string | null;
  position: number;
  created_at: number;
  updated_at: number;
}

const toQuickReply = (row: QuickReplyRow): QuickReply => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  text: row.text,
  ...(row.media !== null ? { media: JSON.parse(row.media) as Record<string, unknown> } : {}),
  position: row.position,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function insertQuickReply(db: WriteDb, input: QuickReplyInput, now: number): number {
  const position =
    input.position ?? (db.select<number>('SELECT coalesce(max(position), -1) + 1 FROM quick_replies').column<number>()[0] ?? 0);
  return db
    .write(
      `INSERT INTO quick_replies (kind, title, text, media, position, created_at, updated_at)
       VALUES (@kind, @title, @text, @media, @position, @now, @now)`,
    )
    .run({
      kind: input.kind,
      title: input.title,
      text: input.text ?? '',
      media: input.media ? JSON.stringify(input.media) : null,
      position,
      now,
    }).lastInsertRowid;
}

export function updateQuickReply(db: WriteDb, id: number, input: QuickReplyInput, now: number): boolean {
  return (
    db
      .write(
        `UPDATE quick_replies SET kind = @kind, title = @title, text = @text, media = @media,
           position = coalesce(@position, position), updated_at = @now
         WHERE id = @id`,
      )
      .run({
        id,
        kind: input.kind,
        title: input.title,
        text: input.text ?? '',
        media: input.media ? JSON.stringify(input.media) : null,
        position: input.position ?? null,
        now,
      }).changes > 0
  );
}

export function removeQuickReply(db: WriteDb, id: number): boolean {
  return db.write('DELETE FROM quick_replies WHERE id = @id').run({ id }).changes > 0;
}

export function getQuickReply(db: ReadDb, id: number): QuickReply | undefined {
  const row = db
    .select<QuickReplyRow>('SELECT id, kind, title, text, media, position, created_at, updated_at FROM quick_replies WHERE id = @id')
    .get({ id });
  return row && toQuickReply(row);
}

/** The whole library in the agent's order; it is small (hundreds), so search filters it in memory. */
export function listQuickReplies(db: ReadDb): QuickReply[] {
  return db
    .select<QuickReplyRow>(
      'SELECT id, kind, title, text, media, position, created_at, updated_at FROM quick_replies ORDER BY position, id',
    )
    .all()
    .map(toQuickReply);
}
