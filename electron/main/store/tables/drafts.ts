import type { ReadDb, WriteDb } from '../db';
import type { Draft } from '../types';

export function getDraft(db: ReadDb, conversationId: number): Draft | undefined {
  return db
    .select<Draft>('SELECT conversation_id AS conversationId, text, updated_at AS updatedAt FROM drafts WHERE conversation_id = @conversationId')
    .get({ conversationId });
}

export function saveDraft(db: WriteDb, conversationId: number, text: string, now: number): void {
  db.write(
    `INSERT INTO drafts (conversation_id, text, updated_at) VALUES (@conversationId, @text, @now)
     ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
  ).run({ conversationId, text, now });
}

export function clearDraft(db: WriteDb, conversationId: number): void {
  db.write('DELETE FROM drafts WHERE conversation_id = @conversationId').run({ conversationId });
}
