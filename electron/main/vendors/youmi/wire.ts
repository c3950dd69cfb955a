// What Youmi sends and receives on the wire. The docs show numbers as strings, `MsgTime` beside
// `msgTime`, `values` as an array or wrapped in an object, and nulls everywhere, so every schema
// here accepts those forms and normalizes them; a field of the wrong type becomes undefined
// rather than failing the whole row, because one odd field must not cost the agent a message.
import { z } from 'zod';

/** A chat row exactly as the v2 GetChat doc lists it (v1 rows are the same minus a few fields). */
export interface YoumiWireRow {
  ad_chatting_id?: number;
  ad_chatting_talter: string;
  ad_chatting_issend: number;
  ad_chatting_resvred: string | null;
  ad_wechat_id: number;
  merchantid: string;
  ad_chatting_updatetime: string;
  ad_chatting_sate: number;
  ad_sermsgid: string;
  ad_chatting_time: string;
  ad_chatting_content: string;
  ad_staff_code: string | null;
  ad_voice_txt?: string | null;
  ad_friend_photo: string;
  ad_friend_name: string;
  ad_expand: string;
  ad_wechat_nober?: string;
}

const text = z.union([z.string(), z.number()]).transform((v) => String(v));

/** Optional, and forgiving: a value of the wrong type reads as absent. */
function lenient<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(undefined);
}

/** One chat row with every field normalized: numbers as numbers, text as text, absent as undefined. */
export interface YoumiChatRow {
  ad_chatting_id?: number;
  ad_chatting_talter?: string;
  ad_chatting_issend?: 0 | 1;
  /** Documented as URL-encoded JSON text; an already-parsed object is tolerated too. */
  ad_chatting_resvred?: unknown;
  ad_wechat_id?: string;
  merchantid?: string;
  ad_chatting_updatetime?: string;
  ad_chatting_sate?: number;
  ad_sermsgid?: string;
  ad_chatting_time?: string;
  ad_chatting_content?: string;
  ad_staff_code?: string;
  ad_voice_txt?: string;
  ad_friend_photo?: string;
  ad_friend_name?: string;
  ad_expand?: string;
  ad_wechat_nober?: string;
}

const TEXT_FIELDS = [
  'ad_chatting_talter',
  'ad_wechat_id',
  'merchantid',
  'ad_chatting_updatetime',
  'ad_sermsgid',
  'ad_chatting_time',
  'ad_chatting_content',
  'ad_staff_code',
  'ad_voice_txt',
  'ad_friend_photo',
  'ad_friend_name',
  'ad_expand',
  'ad_wechat_nober',
] as const;

/** Every field readChatRow reads: one it had to leave out is a field the row could not give (vendors/undecoded.ts). */
export const CHAT_ROW_FIELDS: readonly string[] = [...TEXT_FIELDS, 'ad_chatting_id', 'ad_chatting_sate', 'ad_chatting_issend'];

/**
 * Reads a chat row leniently (numbers as strings and back, 0/1 as "0"/"1"/booleans, nulls).
 * Hand-written rather than a zod schema because it runs once per message of a million-row
 * backfill: the equivalent zod schema cost ~6 µs a row, this a small fraction of that.
 * Returns undefined only when the row is not an object at all.
 */
export function readChatRow(value: unknown): YoumiChatRow | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const source = value as Record<string, unknown>;
  const row: YoumiChatRow = {};
  for (const key of TEXT_FIELDS) {
    const v = source[key];
    if (typeof v === 'string') row[key] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) row[key] = String(v);
  }
  const id = integer(source.ad_chatting_id);
  if (id !== undefined) row.ad_chatting_id = id;
  const type = integer(source.ad_chatting_sate);
  if (type !== undefined) row.ad_chatting_sate = type;
  const isSend = source.ad_chatting_issend;
  if (isSend === 1 || isSend === '1' || isSend === true) row.ad_chatting_issend = 1;
  else if (isSend === 0 || isSend === '0' || isSend === false) row.ad_chatting_issend = 0;
  if (source.ad_chatting_resvred !== undefined && source.ad_chatting_resvred !== null) row.ad_chatting_resvred = source.ad_chatting_resvred;
  return row;
}

function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d{1,15}\s*$/.test(value)) return Number(value);
  return undefined;
}

/**
 * The envelope both versions answer with: `errmsg` is 10004 (v1) or 0 (v2) even on success,
 * so only `succeed` decides. v1 spells the time `MsgTime` in the list doc, `msgTime` in the send doc.
 */
export const YoumiEnvelope = z.looseObject({
  requestId: z.unknown().optional(),
  errmsg: lenient(text),
  succeed: z
    .union([z.boolean(), z.literal('true'), z.literal('false'), z.literal(1), z.literal(0)])
    .transform((v) => v === true || v === 'true' || v === 1),
  msgTime: lenient(text),
  MsgTime: lenient(text),
  values: z.unknown().optional(),
  errdesc: z.unknown().optional(),
});
export type YoumiEnvelope = z.output<typeof YoumiEnvelope>;

/**
 * The rows of a list answer: `values` as an array, or an object wrapping one (the v1 doc prints
 * `values: {[ ... ]}`), or null for "nothing". Anything else is not a list.
 */
export function rowsOf(values: unknown): unknown[] | undefined {
  if (values === null || values === undefined) return [];
  if (Array.isArray(values)) return values;
  if (typeof values === 'object') {
    const arrays = Object.values(values).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0];
    if (Object.keys(values).length === 0) return [];
  }
  return undefined;
}

/** v2 send answer: values.taskId (string in the doc; a number is accepted). */
export const YoumiSendValues = z.looseObject({ taskId: text });
