// Zhuge chat rows → unified messages. Pure and total: a row it cannot read still becomes a
// message (kind `unknown`, raw kept), never an exception.
import { createHash } from 'node:crypto';
import type { DecodedMessage, Direction, MessageContent } from '@shared/model';
import { ZhugeChatRow } from './wire';

/**
 * The version of this decoder. Bump it whenever it reads something it could not before: on start,
 * stored rows it left unknown or partly read are decoded again from their raw payload
 * (sync/redecode.ts).
 */
export const ZHUGE_DECODER_VERSION = 1;

export interface ZhugeDecodeContext {
  /** The account's customer (query `user_id`) and radar user (`u_id`): used when a row lacks its ids. */
  customerId: number | string;
  radarUserId: number | string;
  /** When the page arrived; stands in for a `dateTime` that cannot be read. */
  receivedAt: number;
  /** Base for the server's relative media paths such as "statics/zhugeleida/imgs/chat/x.png". */
  mediaBaseUrl?: string;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Zhuge's server runs on China time without USE_TZ, so Django writes `dateTime` as China local
 * time with no zone ("2018-09-21T15:18:01.548" is 07:18:01.548 UTC; the fraction is absent when
 * it is zero). An explicit zone, if one ever appears, is honoured. Returns undefined if unreadable.
 */
export function chinaLocalToEpochMs(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' || /^\d{10,13}$/.test(value.trim())) {
    const n = Number(value);
    return n < 1e12 ? n * 1000 : n;
  }
  const m = LOCAL_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  if (Number.isNaN(wall)) return undefined;
  return wall - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone) return CHINA_OFFSET_MS;
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3_600_000 + Number(digits.slice(2, 4) || 0) * 60_000);
}

export function zhugeConversationKey(radarUserId: number | string, customerId: number | string): string {
  return `${radarUserId}:${customerId}`;
}

/** Row fields that describe who and when, or that differ between getmsg and the paged history. */
const PRESENTATION_FIELDS = new Set([
  'customer_id',
  'user_id',
  'customer',
  'from_user_name',
  'customer_headimgurl',
  'user_avatar',
  'user_avator',
  'is_first_info',
  'dateTime',
  'send_type',
]);

/**
 * The API gives rows no id, so one is derived from what identifies a message: conversation,
 * time (to the millisecond), direction and the content fields. The same row read through getmsg
 * and through the paged history gets the same id (avatars, names and is_first_info are left out
 * because they differ between the two or change over time). Two identical messages sent in the
 * same millisecond collapse into one; that is the price of an API without ids.
 */
export function zhugeVendorMsgId(row: Record<string, unknown>, conversationKey: string, timeKey: string): string {
  const content = Object.keys(row)
    .filter((key) => !PRESENTATION_FIELDS.has(key))
    .sort()
    .map((key) => [key, row[key]]);
  const identity = JSON.stringify([conversationKey, timeKey, String(row.send_type ?? ''), content]);
  return `zg-${createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, 32)}`;
}

function resolveMedia(path: string | undefined, base: string | undefined): { url?: string; key?: string } {
  if (!path) return {};
  if (/^https?:\/\//i.test(path)) return { url: path };
  if (path.startsWith('//')) return { url: `https:${path}` };
  if (!base) return { key: path };
  try {
    return { url: new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`).toString(), key: path };
  } catch {
    return { key: path };
  }
}

const AUDIO_FILE = /\.(mp3|amr|wav|m4a|silk|aac)(\?|$)/i;

function contactRequestSubtype(text: string): string {
  const phone = text.includes('手机') || text.includes('电话');
  const wechat = text.includes('微信');
  if (phone && !wechat) return 'phoneRequest';
  if (wechat && !phone) return 'wechatRequest';
  return 'contactRequest';
}

function unknown(reason: string, vendorType?: string): { content: MessageContent; text: string } {
  return { content: { kind: 'unknown', body: { reason, ...(vendorType ? { vendorType } : {}) } }, text: '[暂不支持的消息]' };
}

function decodeContent(row: ZhugeChatRow, sendType: number | undefined, ctx: ZhugeDecodeContext): { content: MessageContent; text: string } {
  const msg = row.msg;
  if (sendType === 3) {
    // 聊天的温馨提示信息: the server's own tip line in the chat.
    return msg ? { content: { kind: 'system', body: { text: msg, subtype: 'tip' } }, text: msg } : unknown('empty tip', 'send_type 3');
  }
  if (sendType !== 1 && sendType !== 2) return unknown(`send_type ${row.send_type ?? 'missing'}`, `send_type ${row.send_type ?? ''}`);
  switch (row.info_type) {
    case 1:
      return msg !== undefined ? { content: { kind: 'text', body: { text: msg } }, text: msg } : unknown('text without msg', '1');
    case 2: {
      // A product consultation card: the product is the link's subject; there is no product URL.
      const thumb = resolveMedia(row.product_cover_url, ctx.mediaBaseUrl);
      const title = row.product_name;
      const price = row.product_price;
      return {
        content: {
          kind: 'link',
          body: { ...(title ? { title } : {}), ...(price ? { price } : {}), ...(thumb.url ? { thumbUrl: thumb.url } : {}), description: '产品咨询' },
        },
        text: ['[产品咨询]', title, price].filter(Boolean).join(' '),
      };
    }
    case 3: {
      const text = msg ?? '请求联系方式';
      return { content: { kind: 'system', body: { text, subtype: contactRequestSubtype(text) } }, text };
    }
    case 4: {
      const media = resolveMedia(row.url ?? msg, ctx.mediaBaseUrl);
      return media.url || media.key ? { content: { kind: 'image', body: media }, text: '[图片]' } : unknown('image without url', '4');
    }
    case 5: {
      const path = row.url ?? msg;
      const media = resolveMedia(path, ctx.mediaBaseUrl);
      if (!media.url && !media.key) return unknown('video without url', '5');
      // The backend files a customer's WeChat voice note (converted to mp3) under info_type 5.
      if (path && AUDIO_FILE.test(path)) return { content: { kind: 'voice', body: media }, text: '[语音]' };
      return { content: { kind: 'video', body: media }, text: '[视频]' };
    }
    case 6: {
      // The backend's "官方商城" mall entry: a mini-program card with a line of text.
      const title = msg ?? '官方商城';
      return { content: { kind: 'miniProgram', body: { title, appName: '官方商城' } }, text: `[商城] ${title}` };
    }
    default:
      return unknown(`info_type ${row.info_type ?? 'missing'}`, row.info_type === undefined ? undefined : String(row.info_type));
  }
}

function rawText(row: unknown): string {
  try {
    return JSON.stringify(row) ?? String(row);
  } catch {
    return String(row);
  }
}

export function decodeZhugeRow(row: unknown, ctx: ZhugeDecodeContext): DecodedMessage {
  const raw = rawText(row);
  const parsed = ZhugeChatRow.safeParse(row);
  const fallbackKey = zhugeConversationKey(ctx.radarUserId, ctx.customerId);
  if (!parsed.success) {
    const { content, text } = unknown('row is not an object');
    const vendorMsgId = `zg-raw-${createHash('sha256').update(`${fallbackKey}\u0000${raw}`, 'utf8').digest('hex').slice(0, 32)}`;
    return { vendorMsgId, conversationKey: fallbackKey, conversationKind: 'direct', direction: 'in', sentAt: ctx.receivedAt, content, text, raw };
  }
  const r = parsed.data;
  const conversationKey = zhugeConversationKey(r.user_id ?? ctx.radarUserId, r.customer_id ?? ctx.customerId);
  const sentAtParsed = chinaLocalToEpochMs(r.dateTime);
  const sendType = r.send_type;
  const direction: Direction = sendType === 1 ? 'out' : 'in';
  const { content, text } = decodeContent(r, sendType, ctx);
  const customerName = r.customer ?? r.from_user_name;
  const customerAvatar = r.customer_headimgurl;
  const message: DecodedMessage = {
    vendorMsgId: zhugeVendorMsgId(row as Record<string, unknown>, conversationKey, sentAtParsed === undefined ? `raw:${r.dateTime ?? ''}` : String(sentAtParsed)),
    conversationKey,
    conversationKind: 'direct',
    direction,
    sentAt: sentAtParsed ?? ctx.receivedAt,
    content,
    text,
    raw,
  };
  if (direction === 'in' && sendType === 2) {
    if (r.customer_id !== undefined) message.senderId = String(r.customer_id);
    if (customerName) message.senderName = customerName;
  } else if (direction === 'out' && r.user_id !== undefined) {
    message.senderId = String(r.user_id);
  }
  if (customerName) message.peerName = customerName;
  if (customerAvatar) message.peerAvatarUrl = customerAvatar;
  return message;
}
