import type { ReplyKind } from '@shared/model';
import type { ReadDb, WriteDb } from '../db';
import type { OutboxEntry, OutboxState } from '../types';

interface OutboxRow {
  id: number;
  account_id: string;
  conversation_id: number;
  message_id: number;
  kind: ReplyKind;
  payload: string;
  idempotency_key: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  vendor_task_id: string | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS = `id, account_id, conversation_id, message_id, kind, payload, idempotency_key, state, attempts, next_attempt_at,
  last_error, vendor_task_id, created_at, updated_at`;

const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  accountId: row.account_id,
  conversationId: row.conversation_id,
  messageId: row.message_id,
  kind: row.kind,
  payload: JSON.parse(row.payload) as unknown,
  idempotencyKey: row.idempotency_key,
  state: row.state,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  ...(row.last_error !== null ? { lastError: row.last_error } : {}),
  ...(row.vendor_task_id !== null ? { vendorTaskId: row.vendor_task_id } : {}),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function insertOutboxEntry(
  db: WriteDb,
  entry: { accountId: string; conversationId: number; messageId: number; kind: ReplyKind; payload: unknown; idempotencyKey: string },
  now: number,
): number {
  return db
    .write(
      `INSERT INTO outbox (account_id, conversation_id, message_id, kind, payload, idempotency_key, state, next_attempt_at,
         created_at, updated_at)
       VALUES (@accountId, @conversationId, @messageId, @kind, @payload, @idempotencyKey, 'pending', @now, @now, @now)`,
    )
    .run({ ...entry, payload: JSON.stringify(entry.payload), now }).lastInsertRowid;
}

export function getOutboxEntry(db: ReadDb, id: number): OutboxEntry | undefined {
  const row = db.select<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE id = @id`).get({ id });
  return row && toEntry(row);
}

export function findOutboxEntryByKey(db: ReadDb, idempotencyKey: string): OutboxEntry | undefined {
  const row = db.select<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE idempotency_key = @idempotencyKey`).get({ idempotencyKey });
  return row && toEntry(row);
}

export function setOutboxSent(db: WriteDb, id: number, vendorTaskId: string, now: number): void {
  db.write(
    `UPDATE outbox SET state = 'sent', vendor_task_id = @vendorTaskId, attempts = attempts + 1, last_error = NULL,
       updated_at = @now
     WHERE id = @id`,
  ).run({ id, vendorTaskId, now });
}

/** A retry time keeps the entry pending for the sender; without one the reply has failed for good. */
export function setOutboxFailed(db: WriteDb, id: number, reason: string, retryAt: number | null, now: number): void {
  db.write(
    `UPDATE outbox SET state = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'pending' END,
       next_attempt_at = coalesce(@retryAt, next_attempt_at), attempts = attempts + 1, last_error = @reason, updated_at = @now
     WHERE id = @id`,
  ).run({ id, reason, retryAt, now });
}

/** The agent asked to try a failed reply again. */
export function setOutboxRetry(db: WriteDb, id: number, now: number): void {
  db.write(`UPDATE outbox SET state = 'pending', next_attempt_at = @now, updated_at = @now WHERE id = @id`).run({ id, now });
}

export const DUE_QUERY =
  `SELECT ${COLUMNS} FROM outbox WHERE state = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit` as const;

export function dueOutboxEntries(db: ReadDb, now: number, limit: number): OutboxEntry[] {
  return db.select<OutboxRow>(DUE_QUERY).all({ now, limit }).map(toEntry);
}

export function outboxOfConversation(db: ReadDb, conversationId: number): OutboxEntry[] {
  return db
    .select<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE conversation_id = @conversationId ORDER BY id`)
    .all({ conversationId })
    .map(toEntry);
}

/**
 * A reply of ours in this conversation whose vendor echo has not arrived yet and whose text equals
 * an outgoing message the vendor just returned: the two are one message. Oldest first, so two
 * identical replies are matched in the order they were sent.
 */
export function findUnechoedReply(
  db: ReadDb,
  conversationId: number,
  text: string,
  from: number,
  to: number,
): { outboxId: number; messageId: number; state: OutboxState } | undefined {
  return db
    .select<{ outboxId: number; messageId: number; state: OutboxState }>(
      `SELECT o.id AS outboxId, o.message_id AS messageId, o.state AS state
         FROM outbox o JOIN messages m ON m.id = o.message_id
        WHERE o.conversation_id = @conversationId AND m.vendor_msg_id LIKE 'outbox:%'
          AND m.text = @text AND m.sent_at BETWEEN @from AND @to
        ORDER BY o.id LIMIT 1`,
    )
    .get({ conversationId, text, from, to });
}
