// A cache written the way an older version would have written it: rows its decoders could not read
// stored as kind `unknown` (raw kept), at schema 3 (before anything was noted) or at schema 4 with
// the notes of an older decoder version. The current decoders read most of these rows.
import { openConnections } from '../../electron/main/store/db';
import { migrate } from '../../electron/main/store/migrations';
import { preferredTimeKey } from '../../electron/main/store/time-key';

export const SENT_AT = Date.UTC(2026, 0, 15, 4, 0, 0);
const UNKNOWN_TEXT = '[暂不支持的消息]';

export interface OldRow {
  accountId: string;
  conversation: string;
  vendorMsgId: string;
  direction: 'in' | 'out';
  /** What the old decoder said. */
  reason: string;
  vendorType?: string;
  raw: Record<string, unknown>;
  /** What the current decoders make of it. */
  expectKind: string;
  expectText: string;
  expectDirection: 'in' | 'out';
}

export const OLD_ROWS: readonly OldRow[] = [
  {
    accountId: 'moor-1',
    conversation: 'chat-1',
    vendorMsgId: 'm-101',
    direction: 'in',
    reason: 'msgType 101 is not a type 7moor documents',
    vendorType: '101',
    raw: { id: 'm-101', chatId: 'chat-1', from: 'wxid_fan1', msg: '明天下单 iPhone', msgType: '101', date: '2026-01-15 12:00:00', ts: SENT_AT / 1000, msgId: '1', isSend: '0' },
    expectKind: 'text',
    expectText: '明天下单 iPhone',
    expectDirection: 'in',
  },
  {
    accountId: 'moor-1',
    conversation: 'chat-1',
    vendorMsgId: 'm-999',
    direction: 'in',
    reason: 'msgType 999 is not a type 7moor documents',
    vendorType: '999',
    raw: { id: 'm-999', chatId: 'chat-1', from: 'wxid_fan1', msg: '{"nickName":"张三","phone":"13812345678"}', msgType: '999', ts: SENT_AT / 1000 - 60, msgId: '2', isSend: '0' },
    expectKind: 'unknown',
    expectText: UNKNOWN_TEXT,
    expectDirection: 'in',
  },
  {
    accountId: 'youmi-1',
    conversation: '7006:wxid_fanY',
    vendorMsgId: '501',
    direction: 'in',
    reason: 'unknown message type 1',
    vendorType: '1',
    raw: { ad_chatting_id: 501, ad_chatting_talter: 'wxid_fanY', ad_chatting_issend: 0, ad_wechat_id: 7006, ad_chatting_sate: 1, ad_chatting_content: '想问下优惠券怎么用', ad_sermsgid: 's501', ad_chatting_time: String(SENT_AT / 1000), ad_friend_name: '周女士' },
    expectKind: 'text',
    expectText: '想问下优惠券怎么用',
    expectDirection: 'in',
  },
  {
    accountId: 'zhuge-1',
    conversation: '2:1',
    vendorMsgId: 'zg-old-1',
    direction: 'in',
    reason: 'send_type 1',
    vendorType: 'send_type 1',
    raw: { customer_id: 1, user_id: 2, send_type: 1, info_type: 1, msg: '您好，我是顾问小王', dateTime: '2026-01-15T12:00:00' },
    expectKind: 'text',
    expectText: '您好，我是顾问小王',
    expectDirection: 'out',
  },
];

export interface OldCacheOptions {
  /** 3: written before anything was noted; 4: noted by decoder version 0. */
  schema: 3 | 4;
  /** More rows the old decoder left unknown (moor 101 texts), for long walks. */
  extra?: number;
}

/** Messages the current decoders read, beyond OLD_ROWS: "第N条 想下单". */
export const extraText = (n: number) => `第${n}条 想下单`;

export function writeOldDecoderCache(file: string, options: OldCacheOptions): void {
  const connections = openConnections(file, (db) => migrate(db, options.schema));
  const { write } = connections;
  const run = (sql: string, params: Record<string, string | number | null> = {}) => write.write(sql).run(params);
  write.transaction(() => {
    run(`INSERT INTO accounts (id, vendor, label, base_url, settings, created_at, updated_at) VALUES
      ('moor-1', 'moor', '七陌', 'http://127.0.0.1:9', '{"clientId":"c"}', 0, 0),
      ('youmi-1', 'youmi', '友米', 'http://127.0.0.1:9', '{"apiVersion":"v2","wechatIds":["7006"]}', 0, 0),
      ('zhuge-1', 'zhuge', '诸葛', 'http://127.0.0.1:9', '{"userId":"1","uId":"2"}', 0, 0)`);
    const rows: OldRow[] = [...OLD_ROWS];
    for (let n = 1; n <= (options.extra ?? 0); n++) {
      const id = `x-${n}`;
      rows.push({
        accountId: 'moor-1',
        conversation: `chat-x${n % 7}`,
        vendorMsgId: id,
        direction: 'in',
        reason: 'msgType 101 is not a type 7moor documents',
        vendorType: '101',
        raw: { id, chatId: `chat-x${n % 7}`, msg: extraText(n), msgType: '101', ts: SENT_AT / 1000 - 3600 - n, msgId: String(n), isSend: '0' },
        expectKind: 'text',
        expectText: extraText(n),
        expectDirection: 'in',
      });
    }
    const conversations = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.accountId}|${row.conversation}`;
      let conversationId = conversations.get(key);
      if (conversationId === undefined) {
        conversationId = conversations.size + 1;
        conversations.set(key, conversationId);
        run(`INSERT INTO conversations (id, account_id, vendor_key, kind, title, created_at) VALUES (@id, @account, @key, 'direct', '客户', 0)`, {
          id: conversationId,
          account: row.accountId,
          key: row.conversation,
        });
      }
      const sentAt = typeof row.raw.ts === 'number' ? row.raw.ts * 1000 : SENT_AT;
      const id = preferredTimeKey(sentAt, row.vendorMsgId);
      run(
        `INSERT INTO messages (id, account_id, conversation_id, vendor_msg_id, direction, sent_at, kind, text, body, status, raw)
         VALUES (@id, @account, @conversation, @vendorMsgId, @direction, @sentAt, 'unknown', @text, @body, 'received', @raw)`,
        {
          id,
          account: row.accountId,
          conversation: conversationId,
          vendorMsgId: row.vendorMsgId,
          direction: row.direction,
          sentAt,
          text: UNKNOWN_TEXT,
          body: JSON.stringify({ reason: row.reason, ...(row.vendorType ? { vendorType: row.vendorType } : {}) }),
          raw: JSON.stringify(row.raw),
        },
      );
      // Every one arrived as news: counted unread, the newest one the preview.
      run(
        `UPDATE conversations SET unread_count = unread_count + 1,
           last_message_id = CASE WHEN last_message_at IS NULL OR last_message_at <= @sentAt THEN @id ELSE last_message_id END,
           last_message_preview = CASE WHEN last_message_at IS NULL OR last_message_at <= @sentAt THEN @text ELSE last_message_preview END,
           activity_at = max(activity_at, @sentAt),
           last_message_at = max(coalesce(last_message_at, @sentAt), @sentAt)
         WHERE id = @conversation`,
        { id, sentAt, text: UNKNOWN_TEXT, conversation: conversationId },
      );
      if (options.schema === 4) {
        run(
          `INSERT INTO undecoded (account_id, record_type, record_key, endpoint, kind, detail, decoder, first_seen_at, last_seen_at)
           VALUES (@account, 'message', @vendorMsgId, 'old.endpoint', 'unknownType', @detail, 0, 0, 0)`,
          { account: row.accountId, vendorMsgId: row.vendorMsgId, detail: JSON.stringify({ reason: row.reason, vendorType: row.vendorType }) },
        );
      }
    }
    run(`INSERT INTO search_queue (index_name, op, ids) SELECT 'message', 'add', json_group_array(id) FROM messages`);
  });
  connections.close();
}
