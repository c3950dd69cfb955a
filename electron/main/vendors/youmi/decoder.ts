// Youmi chat rows (v1 ChatMess and v2 GetChat) → unified messages. Pure and total: whatever the
// row holds, the answer is a DecodedMessage; what cannot be understood becomes kind `unknown`
// with the row kept in `raw`, so a message is never lost to a vendor surprise.
import type { DecodedMessage, MessageContent, MessageKind } from '@shared/model';
import { readChatRow } from './wire';

export type YoumiApiVersion = 'v1' | 'v2';

/**
 * The version of this decoder. Bump it whenever it reads something it could not before: on start,
 * stored rows it left unknown or partly read are decoded again from their raw payload
 * (sync/redecode.ts).
 */
export const YOUMI_DECODER_VERSION = 1;

/**
 * The `ad_chatting_sate` table of the v2 GetChat doc. Type 4 is listed under both image and
 * voice; the content prefix decides. 43 is not in the doc: it is WeChat's own number for video
 * and is what outgoing video sends are assumed to come back as.
 */
export const YOUMI_MESSAGE_TYPES = [
  { type: 1, kind: 'text', label: '文本' },
  { type: 2, kind: 'image', label: '图片' },
  { type: 3, kind: 'image', label: '图片' },
  { type: 4, kind: 'image', label: '图片（imgs[ 前缀）' },
  { type: 4, kind: 'voice', label: '语音（audio[ / audioT[ 前缀）' },
  { type: 34, kind: 'voice', label: '语音' },
  { type: 42, kind: 'card', label: '名片' },
  { type: 43, kind: 'video', label: '视频（文档未列出）' },
  { type: 48, kind: 'location', label: '位置' },
  { type: 49, kind: 'link', label: '链接' },
  { type: 50, kind: 'videoCall', label: '视频聊天' },
  { type: 495, kind: 'groupInvite', label: '群聊邀请' },
  { type: 496, kind: 'file', label: '文件' },
  { type: 1001, kind: 'card', label: '分享名片' },
  { type: 4919, kind: 'chatRecord', label: '聊天记录转发' },
  { type: 4933, kind: 'miniProgram', label: '小程序' },
  { type: 4362, kind: 'groupCollection', label: '群收款' },
  { type: 4362, kind: 'redPacket', label: '群红包、红包' },
  { type: 7549, kind: 'channelsVideo', label: '视频号' },
  { type: 8220, kind: 'quote', label: '引用' },
  { type: 9730, kind: 'live', label: '直播' },
  { type: 10000, kind: 'system', label: '系统消息' },
  { type: 10001, kind: 'system', label: '标识符更新' },
  { type: 10002, kind: 'system', label: '好友验证' },
  { type: 10003, kind: 'system', label: '好友申请' },
  { type: 10004, kind: 'system', label: '异常通知' },
  { type: 10005, kind: 'system', label: '实名信息' },
  { type: 11001, kind: 'todo', label: '待办消息' },
  { type: 12001, kind: 'takeover', label: '托管消息' },
] as const satisfies readonly { type: number; kind: MessageKind; label: string }[];

const SYSTEM_SUBTYPES: Record<number, string> = {
  10000: 'system',
  10001: 'identifierUpdate',
  10002: 'friendVerification',
  10003: 'friendRequest',
  10004: 'errorNotice',
  10005: 'realNameInfo',
};

type Resvred = Record<string, unknown>;

/** A v2 GetChat row → message; `ad_chatting_id` is the message id (the sync cursor). */
export function decodeYoumiV2Row(row: unknown): DecodedMessage {
  return decodeYoumiRow(row, 'v2');
}

/** A v1 ChatMess row → message; v1 has no chatting id, `ad_sermsgid` identifies the message. */
export function decodeYoumiV1Row(row: unknown): DecodedMessage {
  return decodeYoumiRow(row, 'v1');
}

export function decodeYoumiRow(row: unknown, version: YoumiApiVersion): DecodedMessage {
  const raw = rawText(row);
  const r = readChatRow(row);
  if (!r) {
    return {
      vendorMsgId: `raw:${fingerprint(raw)}`,
      conversationKey: '?:?',
      conversationKind: 'direct',
      direction: 'in',
      sentAt: 0,
      content: { kind: 'unknown', body: { reason: 'row is not an object' } },
      text: '[无法识别的消息]',
      raw,
    };
  }
  const fan = r.ad_chatting_talter ?? '?';
  const direction = r.ad_chatting_issend === 1 ? 'out' : 'in';
  const ids = version === 'v2' ? [r.ad_chatting_id, r.ad_sermsgid] : [r.ad_sermsgid, r.ad_chatting_id];
  const vendorMsgId = ids.find((id) => id !== undefined && id !== null && id !== '');
  const { content, text } = decodeContent(r.ad_chatting_sate, r.ad_chatting_content ?? '', decodeResvred(r.ad_chatting_resvred), r.ad_voice_txt);
  const decoded: DecodedMessage = {
    vendorMsgId: vendorMsgId === undefined || vendorMsgId === null ? `raw:${fingerprint(raw)}` : String(vendorMsgId),
    conversationKey: `${r.ad_wechat_id ?? '?'}:${fan}`,
    conversationKind: fan.endsWith('@chatroom') ? 'group' : 'direct',
    direction,
    sentAt: chatTime(r.ad_chatting_time, r.ad_chatting_updatetime),
    content,
    text,
    raw,
  };
  // Outgoing: the staff number Youmi records when a colleague sent it (v1: 当是自己发送的时候会产生工号;
  // v2: 操作员工). Without one it was typed on the operator phone itself, which names no colleague.
  const senderId = direction === 'in' ? r.ad_chatting_talter : r.ad_staff_code;
  if (senderId) decoded.senderId = senderId;
  if (direction === 'in' && r.ad_friend_name) decoded.senderName = r.ad_friend_name;
  if (r.ad_friend_name) decoded.peerName = r.ad_friend_name;
  if (r.ad_friend_photo) decoded.peerAvatarUrl = r.ad_friend_photo;
  return decoded;
}

interface Decoded {
  content: MessageContent;
  text: string;
}

/** Content + type + resvred → typed body and searchable text. Exported for the quote's inner type. */
export function decodeContent(type: number | undefined, content: string, resvred: Resvred | undefined, voiceText?: string): Decoded {
  const marker = parseContentMarker(content);
  switch (type) {
    case 1:
      return textOrNotice(content);
    case 2:
    case 3:
      return image(content, marker);
    case 4:
      if (marker?.tag === 'imgs') return image(content, marker);
      if (marker?.tag === 'audio' || marker?.tag === 'audioT' || str(resvred, 'downloadKey')) return voice(marker, resvred, voiceText);
      return unknown(type, content, 'type 4 without an imgs[ or audio[ prefix');
    case 34:
      return voice(marker, resvred, voiceText);
    case 42:
    case 1001: {
      const nickname = str(resvred, 'nickname') ?? (marker?.tag === 'MP' ? marker.value : content || undefined);
      const company = str(resvred, 'company') ?? str(resvred, 'companyName');
      return out({ kind: 'card', body: defined({ cardType: type === 42 ? 'personal' : 'unknown', nickname, company }) }, '[名片]', nickname, company);
    }
    case 43:
      return video(content, marker, resvred);
    case 48: {
      const title = str(resvred, 'title');
      const address = str(resvred, 'desc');
      return out({ kind: 'location', body: defined({ title, address, url: str(resvred, 'url') ?? marker?.value, thumbUrl: str(resvred, 'thumbUrl') }) }, '[位置]', title, address);
    }
    case 49:
      return link(content, marker, resvred);
    case 50:
      return out({ kind: 'videoCall', body: defined({ text: content || undefined }) }, '[视频聊天]', content);
    case 495: {
      const title = str(resvred, 'title');
      const description = str(resvred, 'desc');
      return out({ kind: 'groupInvite', body: defined({ title, description, url: str(resvred, 'url'), thumbUrl: str(resvred, 'thumbUrl') }) }, '[群聊邀请]', title, description);
    }
    case 496: {
      const name = str(resvred, 'title') ?? (marker?.tag === 'file' ? undefined : content || undefined);
      return out(
        { kind: 'file', body: defined({ key: marker?.tag === 'file' ? marker.value : undefined, name, sizeBytes: num(resvred, 'totalLen'), url: str(resvred, 'url') || undefined }) },
        '[文件]',
        name,
      );
    }
    case 4919: {
      const title = str(resvred, 'title');
      return out({ kind: 'chatRecord', body: defined({ title, description: str(resvred, 'desc'), url: str(resvred, 'url'), items: content || undefined }) }, '[聊天记录]', title, content);
    }
    case 4933: {
      const title = str(resvred, 'title');
      const appName = str(resvred, 'displayName');
      return out(
        { kind: 'miniProgram', body: defined({ title, appName, iconUrl: str(resvred, 'appIconUrl'), coverKey: str(resvred, 'downloadKey'), url: str(resvred, 'url') }) },
        '[小程序]',
        appName,
        title,
      );
    }
    case 4362:
      if (content.includes('群收款')) {
        return out({ kind: 'groupCollection', body: defined({ title: content || undefined, collectionStatus: 'unknown' as const }) }, '[群收款]', content);
      }
      // "[红包]恭喜发财" already says what it is; only a bare wish needs the label.
      return { content: { kind: 'redPacket', body: defined({ title: content || undefined, status: 'unknown' as const }) }, text: content.includes('红包') ? content : content ? `[红包] ${content}` : '[红包]' };
    case 7549:
    case 9730: {
      const kind = type === 7549 ? 'channelsVideo' : 'live';
      const nickname = str(resvred, 'nickname');
      const description = str(resvred, 'description');
      const body = defined({ nickname, description, avatarUrl: str(resvred, 'avatar'), thumbUrl: str(resvred, 'thumbUrl') });
      return out({ kind, body }, kind === 'live' ? '[直播]' : '[视频号]', nickname, description);
    }
    case 8220:
      return quote(content, resvred);
    case 10000:
    case 10001:
    case 10002:
    case 10003:
    case 10004:
    case 10005:
      return { content: { kind: 'system', body: { text: content, subtype: SYSTEM_SUBTYPES[type] } }, text: content || `[${SYSTEM_SUBTYPES[type]}]` };
    case 11001:
      return out({ kind: 'todo', body: { text: content } }, '[待办]', content);
    case 12001: {
      const applicant = str(resvred, 'name');
      const reason = str(resvred, 'reason');
      return out({ kind: 'takeover', body: defined({ key: str(resvred, 'key'), applicant, reason }) }, '[托管]', applicant, reason);
    }
    case undefined:
      // v1 rows sometimes come without a usable type: the content format still says what it is.
      return byMarker(content, marker, resvred, voiceText) ?? unknown(type, content, 'no message type');
    default:
      return unknown(type, content, `unknown message type ${type}`);
  }
}

function byMarker(content: string, marker: ContentMarker | undefined, resvred: Resvred | undefined, voiceText?: string): Decoded | undefined {
  switch (marker?.tag) {
    case 'imgs':
      return image(content, marker);
    case 'audio':
    case 'audioT':
      return voice(marker, resvred, voiceText);
    case 'video':
      return video(content, marker, resvred);
    case 'MP':
      return decodeContent(42, content, resvred);
    case 'file':
      return decodeContent(496, content, resvred);
    case 'a':
      return link(content, marker, resvred);
    case undefined:
      return content ? textOrNotice(content) : undefined;
  }
}

// "给你04月26日的朋友圈<...>\n点赞": the phone assistant's notice that a fan reacted to a moments post.
// Youmi types it 1 (text) and so does the kind; the body says it is a notice (shared/model.ts TextNotice).
const MOMENTS_NOTICE = /^给你.{0,20}的朋友圈<[\s\S]*>\s*\S*\s*$/;

function textOrNotice(content: string): Decoded {
  const body = MOMENTS_NOTICE.test(content) ? { text: content, notice: 'momentsInteraction' as const } : { text: content };
  return { content: { kind: 'text', body }, text: content };
}

function image(content: string, marker: ContentMarker | undefined): Decoded {
  if (marker?.tag === 'imgs') {
    // The `_hd` key only resolves once the phone assistant fetched the original (doc note).
    return { content: { kind: 'image', body: { key: marker.value, hdKey: `${marker.value}_hd` } }, text: '[图片]' };
  }
  if (isUrl(content)) return { content: { kind: 'image', body: { url: content } }, text: '[图片]' };
  return { content: { kind: 'image', body: content ? { key: content } : {} }, text: '[图片]' };
}

function voice(marker: ContentMarker | undefined, resvred: Resvred | undefined, voiceText: string | undefined): Decoded {
  const key = str(resvred, 'downloadKey') ?? (marker?.tag === 'audio' || marker?.tag === 'audioT' ? marker.value : undefined);
  const body = defined({ key, durationSec: num(resvred, 'videoLen'), transcript: voiceText || undefined });
  return out({ kind: 'voice', body }, '[语音]', voiceText);
}

function video(content: string, marker: ContentMarker | undefined, resvred: Resvred | undefined): Decoded {
  const title = str(resvred, 'title');
  const key = str(resvred, 'downloadKey') ?? marker?.value ?? (isUrl(content) ? undefined : content || undefined);
  const body = defined({ key, url: isUrl(content) ? content : str(resvred, 'url'), title, thumbUrl: str(resvred, 'thumbUrl'), durationSec: num(resvred, 'videoLen') });
  return out({ kind: 'video', body }, '[视频]', title);
}

function link(content: string, marker: ContentMarker | undefined, resvred: Resvred | undefined): Decoded {
  const url = str(resvred, 'url') ?? (marker?.tag === 'a' ? marker.value : isUrl(content) ? content : undefined);
  const title = str(resvred, 'title') ?? (marker?.tag === 'a' ? marker.title : undefined);
  const body = defined({ url, title, description: str(resvred, 'desc') ?? str(resvred, 'description'), thumbUrl: str(resvred, 'thumbUrl') });
  return out({ kind: 'link', body }, '[链接]', title, url);
}

function quote(content: string, resvred: Resvred | undefined): Decoded {
  const quotedType = num(resvred, 'type');
  const quotedText = str(resvred, 'content');
  const quotedTitle = str(resvred, 'title');
  const inner = quotedType === undefined ? undefined : decodeContent(quotedType, quotedText ?? '', undefined).content.kind;
  const body = defined({
    text: content || undefined,
    quotedKind: inner === 'unknown' ? String(quotedType) : inner,
    quotedText,
    quotedTitle,
    quotedUrl: str(resvred, 'url'),
    quotedKey: str(resvred, 'downloadKey'),
  });
  const cited = quotedText ?? quotedTitle;
  return { content: { kind: 'quote', body }, text: cited ? `${content} 「${cited}」` : content };
}

function unknown(type: number | undefined, content: string, reason: string): Decoded {
  const body = defined({ reason, vendorType: type === undefined ? undefined : String(type) });
  return { content: { kind: 'unknown', body }, text: content || `[未知消息${type === undefined ? '' : ` ${type}`}]` };
}

/** Label plus whatever parts are present, e.g. "[文件] 报价单.pdf". */
function out(content: MessageContent, label: string, ...parts: (string | undefined)[]): Decoded {
  const rest = parts.filter((p): p is string => !!p && p.length > 0);
  return { content, text: rest.length > 0 ? `${label} ${rest.join(' ')}` : label };
}

// ---------------------------------------------------------------------------------------------
// Content markers: imgs[KEY], audio[KEY], audioT[KEY], MP[name], file[KEY], a(url), a(url)[title]

export type ContentMarker =
  | { tag: 'imgs' | 'audio' | 'audioT' | 'MP' | 'file' | 'video'; value: string }
  | { tag: 'a'; value: string; title?: string };

const BRACKETED = /^(imgs|audioT|audio|MP|file|video)\[([\s\S]*)\]$/;
const LINK_WITH_TITLE = /^a\(([\s\S]*?)\)\[([\s\S]*)\]$/;
const LINK = /^a\(([\s\S]*)\)$/;

export function parseContentMarker(content: string): ContentMarker | undefined {
  const trimmed = content.trim();
  const bracketed = BRACKETED.exec(trimmed);
  if (bracketed) return { tag: bracketed[1] as 'imgs' | 'audio' | 'audioT' | 'MP' | 'file' | 'video', value: bracketed[2] ?? '' };
  const titled = LINK_WITH_TITLE.exec(trimmed);
  if (titled) return { tag: 'a', value: titled[1] ?? '', title: titled[2] ?? '' };
  const plain = LINK.exec(trimmed);
  if (plain) return { tag: 'a', value: plain[1] ?? '' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// ad_chatting_resvred: URL-encoded JSON, sometimes plain JSON, null, or garbage

export function decodeResvred(value: unknown): Resvred | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return Array.isArray(value) ? undefined : (value as Resvred);
  if (typeof value !== 'string') return undefined;
  let text = value.trim();
  if (text === '' || text === 'null') return undefined;
  // Both URL encoders leave no literal '+' behind, so a '+' outside plain JSON is a form-encoded space.
  for (let round = 0; round < 3 && !text.startsWith('{'); round++) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Resvred) : undefined;
  } catch {
    return undefined;
  }
}

function str(record: Resvred | undefined, key: string): string | undefined {
  const value = record?.[key];
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function num(record: Resvred | undefined, key: string): number | undefined {
  const value = record?.[key];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Drops undefined fields so bodies compare cleanly and serialize small. */
function defined<T extends Record<string, unknown>>(body: T): T {
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

// ---------------------------------------------------------------------------------------------
// Time: ad_chatting_time is epoch seconds as a string; ad_chatting_updatetime ISO with +08:00.

export function chatTime(epoch: string | undefined, updated: string | undefined): number {
  if (epoch && /^\d+$/.test(epoch.trim())) {
    const n = Number(epoch.trim());
    return n >= 1e12 ? n : n * 1000;
  }
  return updated ? (chinaTimeToEpochMs(updated) ?? 0) : 0;
}

/** ISO or "2018-04-26 16:23:21" text; without a zone it is China time (UTC+8). */
export function chinaTimeToEpochMs(value: string): number | undefined {
  const trimmed = value.trim().replace(' ', 'T');
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? trimmed : `${trimmed}+08:00`;
  // Microseconds (".838195") are beyond what Date.parse promises to read: keep milliseconds.
  const ms = Date.parse(zoned.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? undefined : ms;
}

function rawText(row: unknown): string {
  if (typeof row === 'string') return row;
  try {
    return JSON.stringify(row) ?? String(row);
  } catch {
    return String(row);
  }
}

/** A stable 64-bit fingerprint (two FNV-1a variants) for rows that carry no id at all. */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * The operator account (ad_wechat_id) and the fan key (ad_chatting_talter) inside a conversation
 * key made above, or undefined when the row lacked either (the key then holds '?').
 */
export function youmiConversationAddress(key: string): { wechatId: number; fansKey: string } | undefined {
  const at = key.indexOf(':');
  const wechatId = Number(key.slice(0, at));
  const fansKey = key.slice(at + 1);
  return at > 0 && Number.isSafeInteger(wechatId) && fansKey && fansKey !== '?' ? { wechatId, fansKey } : undefined;
}
