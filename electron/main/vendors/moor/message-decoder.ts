// getWeMessageByPage rows → DecodedMessage. Pure and total: whatever arrives becomes a message,
// in the worst case kind 'unknown' with the reason and the raw row kept.
//
// 7moor's own types are 101–115 with JSON bodies in `msg`; the doc's example row also carries
// WeChat's raw type numbers ("1" = text), whose bodies may be WeChat XML. The doc's sample
// bodies show keys with "T" garbled into "true" (`m7trueype`, `timestrueamp`): every lookup
// accepts both spellings, the real one first.
import type { DecodedMessage, MessageBodies, MessageContent, MessageKind } from '@shared/model';
import { fallbackId, rawJson, recordingOf } from './record-decoder';
import { chinaLocalToEpochMs, vendorTsToEpochMs } from './time';
import { MessageRow, toFlag, toNumber, toText } from './wire';

/**
 * The version of this vendor's decoding (this file and record-decoder.ts). Bump it whenever they
 * read something they could not before: on start, stored rows they left unknown or partly read
 * are decoded again from their raw payload (sync/redecode.ts).
 */
export const MOOR_DECODER_VERSION = 1;

export interface MessageDecodeContext {
  /** The session's chat type where known (getWeChatByPage); message rows carry only the chatId. */
  conversationKindOf?: (chatId: string) => 'direct' | 'group' | undefined;
}

type Obj = Record<string, unknown>;
type Decoded = { content: MessageContent; text: string };

const UNKNOWN_LABEL = '[暂不支持的消息]';

export function decodeMoorMessage(input: unknown, context: MessageDecodeContext = {}): DecodedMessage {
  const raw = rawJson(input);
  const parsed = MessageRow.safeParse(input);
  if (!parsed.success) {
    return {
      vendorMsgId: fallbackId(raw),
      conversationKey: '',
      conversationKind: 'direct',
      direction: 'in',
      sentAt: 0,
      ...unknown('the row is not an object'),
      raw,
    };
  }
  const row = parsed.data;
  const outgoing = toFlag(row.isSend) === true;
  let decoded: Decoded;
  try {
    decoded = decodeContent(row, outgoing);
  } catch (error) {
    // Decoding is defensive already; this is the last net so one odd row never stops a page.
    decoded = unknown(`decoder failed: ${error instanceof Error ? error.message : String(error)}`, row.msgType);
  }
  const chatId = row.chatId?.trim() ?? '';
  const vendorMsgId = nonEmpty(row.id) ?? nonEmpty(row._id) ?? nonEmpty(row.msgSvrId) ?? (row.msgId ? `${chatId}:${row.msgId}` : fallbackId(raw));
  return {
    vendorMsgId,
    conversationKey: chatId,
    conversationKind: context.conversationKindOf?.(chatId) ?? (GROUP_ONLY_TYPES.has(typeCode(row.msgType)) ? 'group' : 'direct'),
    direction: outgoing ? 'out' : 'in',
    sentAt: vendorTsToEpochMs(row.ts) ?? chinaLocalToEpochMs(row.date) ?? 0,
    ...decoded,
    ...(nonEmpty(row.from) ? { senderId: nonEmpty(row.from) } : {}),
    raw,
  };
}

/** Group system notices and group collections only happen in groups. */
const GROUP_ONLY_TYPES = new Set([110, 113, 114]);

function typeCode(msgType: string | undefined): number {
  return toNumber(msgType) ?? NaN;
}

function decodeContent(row: MessageRow, outgoing: boolean): Decoded {
  const code = typeCode(row.msgType);
  const msg = row.msg;
  switch (code) {
    case 101:
    case 1:
      return decodeText(msg);
    case 102:
    case 3:
    case 47:
      return decodeMedia('image', row, msg);
    case 103:
    case 34:
      return decodeMedia('voice', row, msg);
    case 104:
    case 43:
    case 62:
      return decodeMedia('video', row, msg);
    case 105:
    case 42:
      return decodeCard(msg);
    case 106:
    case 48:
      return decodeLocation(msg);
    case 107:
    case 49:
      return decodeAppMessage(msg, outgoing, row.msgType);
    case 108:
    case 10000:
      return decodeSystem(msg);
    case 109:
    case 10002:
      return decodeRecall(msg);
    case 110:
      return decodeGroupSystem(msg);
    case 111:
      return decodeSemiXml(msg);
    case 112:
      return decodeRedPacket(asObject(msg), outgoing, row.msgType);
    case 113:
      return decodeGroupCollection(asObject(msg), outgoing, row.msgType);
    case 114:
      return decodeCollectionReminder(msg);
    case 115:
      return decodeTransfer(asObject(msg), row.msgType);
    case 50:
      return make('videoCall', { text: textOf(msg) }, '[音视频通话]');
    default:
      return unknown(`msgType ${row.msgType ?? '(none)'} is not a type 7moor documents`, row.msgType);
  }
}

// ---------------------------------------------------------------------------------------------
// Field access that accepts the doc's garbled keys

/** `timestrueamp` → `timesTamp`: compared case-insensitively, that is `timestamp` again. */
function ungarble(key: string): string {
  return key.replace(/true(?=[a-z])/g, 'T').toLowerCase();
}

function field(obj: Obj | undefined, key: string): unknown {
  if (!obj) return undefined;
  if (Object.hasOwn(obj, key)) return obj[key];
  const wanted = key.toLowerCase();
  for (const k of Object.keys(obj)) if (ungarble(k) === wanted) return obj[k];
  return undefined;
}

function str(obj: Obj | undefined, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = nonEmpty(toText(field(obj, key)));
    if (value !== undefined) return value;
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** An object, or a string holding a JSON object (how 7moor ships bodies); else undefined. */
function asObject(value: unknown): Obj | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Obj;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Obj) : undefined;
  } catch {
    return undefined;
  }
}

function textOf(value: unknown): string {
  return toText(value) ?? '';
}

// ---------------------------------------------------------------------------------------------
// Building results

function make<K extends MessageKind>(kind: K, body: MessageBodies[K], text: string): Decoded {
  return { content: { kind, body } as MessageContent, text };
}

function unknown(reason: string, vendorType?: string): Decoded {
  return make('unknown', { reason, ...(vendorType ? { vendorType } : {}) }, UNKNOWN_LABEL);
}

/** Drops undefined and empty values so bodies carry only what the vendor sent. */
function compact<T extends Obj>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== '')) as T;
}

function label(tag: string, ...parts: (string | undefined)[]): string {
  const rest = parts.map((p) => p?.trim()).filter((p): p is string => !!p);
  return [tag, ...rest].join(' ');
}

// ---------------------------------------------------------------------------------------------
// 101 text, 102–104 media, 105 card, 106 location

function decodeText(msg: unknown): Decoded {
  const wrapped = asObject(msg);
  const text = wrapped ? str(wrapped, 'msg', 'text', 'content') ?? textOf(msg) : textOf(msg);
  // The doc's sample text starts with "\n": kept in the body, trimmed for search and previews.
  return make('text', { text }, text.trim());
}

/** A media path: a URL (the scheme added where missing, as with recordings) or a storage key. */
function mediaRef(path: string | undefined): { url?: string; key?: string } {
  if (!path) return {};
  const looksLikeHost = /^(https?:)?\/\//i.test(path) || /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(path);
  if (!looksLikeHost) return { key: path };
  return { url: recordingOf(path).recordingUrl ?? path };
}

function decodeMedia(kind: 'image' | 'voice' | 'video', row: MessageRow, msg: unknown): Decoded {
  const body = asObject(msg);
  const big = nonEmpty(row.bigImgPath) ?? str(body, 'bigImgPath');
  const thumb = nonEmpty(row.thumbImgPath) ?? str(body, 'thumbImgPath');
  const plain = body ? undefined : nonEmpty(toText(msg));
  const plainUrl = plain && /^(https?:)?\/\//i.test(plain) ? plain : undefined;
  // The doc: thumbImgPath holds "voice messages, image thumbnails, video covers".
  const main = kind === 'voice' ? thumb ?? big ?? plainUrl : big ?? plainUrl ?? (kind === 'image' ? thumb : undefined);
  const thumbRef = kind === 'voice' || !thumb ? undefined : mediaRef(thumb);
  const thumbUrl = thumbRef?.url ?? thumbRef?.key;
  const durationSec = toNumber(field(body, 'duration')) ?? toNumber(field(body, 'voiceLength'));
  if (kind === 'image') {
    return make('image', compact({ ...mediaRef(main), thumbUrl }), '[图片]');
  }
  if (kind === 'voice') {
    return make('voice', compact({ ...mediaRef(main), durationSec }), '[语音]');
  }
  return make('video', compact({ ...mediaRef(main), thumbUrl, durationSec }), '[视频]');
}

function decodeCard(msg: unknown): Decoded {
  const body = asObject(msg);
  const xml = body ? undefined : xmlSource(msg);
  if (!body && !xml) return unknown('card body is neither JSON nor WeChat XML', '105');
  const nickname = body ? str(body, 'nickName', 'nickname') : xmlAttr(xml, 'nickname');
  const wxNo = body ? str(body, 'wxNo', 'username', 'alias') : xmlAttr(xml, 'alias') ?? xmlAttr(xml, 'username');
  const avatarUrl = body ? str(body, 'bigHeadImgUrl', 'smallHeadImgUrl') : xmlAttr(xml, 'bigheadimgurl') ?? xmlAttr(xml, 'smallheadimgurl');
  const company = body ? str(body, 'company', 'openImDesc') : xmlAttr(xml, 'openimdesc');
  const cardType = !wxNo ? 'unknown' : wxNo.startsWith('gh_') ? 'official' : wxNo.endsWith('@openim') ? 'wecom' : 'personal';
  return make('card', compact({ cardType, nickname, wxNo, avatarUrl, company }), label('[名片]', nickname));
}

function decodeLocation(msg: unknown): Decoded {
  const body = asObject(msg);
  const xml = body ? undefined : xmlSource(msg);
  if (!body && !xml) return unknown('location body is neither JSON nor WeChat XML', '106');
  // 7moor names the longitude `log`; WeChat's XML puts latitude in x and longitude in y.
  const lat = body ? toNumber(field(body, 'lat')) : toNumber(xmlAttr(xml, 'x'));
  const lng = body ? toNumber(field(body, 'log')) ?? toNumber(field(body, 'lng')) : toNumber(xmlAttr(xml, 'y'));
  const title = body ? str(body, 'poiname', 'label', 'title') : xmlAttr(xml, 'poiname');
  const address = body ? str(body, 'address', 'label') : xmlAttr(xml, 'label');
  return make('location', compact({ lat, lng, title, address }), label('[位置]', title ?? address));
}

// ---------------------------------------------------------------------------------------------
// 107 link / file / mini program / chat record (and WeChat's 49 app messages)

function decodeAppMessage(msg: unknown, outgoing: boolean, vendorType: string | undefined): Decoded {
  const body = asObject(msg) ?? appMessageFromXml(msg);
  if (!body) return unknown('link body is neither JSON nor WeChat XML', vendorType);
  const type = str(body, 'type');
  // Pay messages can also arrive as plain app messages; route them to their own decoders.
  if (type === '2000') return decodeTransfer(body, vendorType);
  if (type === '2001') {
    const scene = str(asObject(field(body, 'wcPayInfo')), 'sceneId');
    return scene === '1001' ? decodeGroupCollection(body, outgoing, vendorType) : decodeRedPacket(body, outgoing, vendorType);
  }
  const title = str(body, 'title');
  const description = str(body, 'des', 'description');
  const url = str(body, 'url');
  const thumbUrl = str(body, 'thumbUrl', 'thumburl');
  switch (type) {
    case '33':
    case '36': {
      const appName = str(body, 'appName', 'sourcedisplayname', 'sourceDisplayName');
      const iconUrl = str(body, 'iconUrl', 'weappiconurl');
      return make('miniProgram', compact({ title, appName, iconUrl, url }), label('[小程序]', title ?? appName));
    }
    case '6': {
      const sizeBytes = toNumber(field(body, 'totallen')) ?? toNumber(field(body, 'fileSize'));
      return make('file', compact({ name: title, url, sizeBytes }), label('[文件]', title));
    }
    case '19': {
      const items = str(body, 'recordItem');
      return make('chatRecord', compact({ title, description, url, items }), label('[聊天记录]', title));
    }
    default:
      // Type 5 and every type the doc does not list are shown as links: a title and a URL.
      return make('link', compact({ url, title, description, thumbUrl }), label('[链接]', title ?? url));
  }
}

function appMessageFromXml(msg: unknown): Obj | undefined {
  const xml = xmlSource(msg);
  if (!xml || !/<appmsg[\s>]/i.test(xml)) return undefined;
  const appmsg = xmlTag(xml, 'appmsg') ?? xml;
  return compact({
    type: xmlTag(appmsg, 'type'),
    title: xmlTag(appmsg, 'title'),
    des: xmlTag(appmsg, 'des'),
    url: xmlTag(appmsg, 'url'),
    thumbUrl: xmlTag(appmsg, 'thumburl'),
    totallen: xmlTag(appmsg, 'totallen'),
    sourcedisplayname: xmlTag(appmsg, 'sourcedisplayname'),
    recordItem: xmlTag(appmsg, 'recorditem'),
  });
}

// ---------------------------------------------------------------------------------------------
// 108 system, 109 recall, 110 group system, 111 SEMI_XML

const SYSTEM_SUBTYPES: Record<string, string> = { '1': 'redPacket', '2': 'normal', '3': 'unknown' };

function decodeSystem(msg: unknown): Decoded {
  const body = asObject(msg);
  const text = body ? str(body, 'content', 'msg', 'text') ?? '' : stripXml(textOf(msg));
  const type = str(body, 'type');
  const subtype = type ? SYSTEM_SUBTYPES[type] ?? type : undefined;
  return make('system', compact({ text, subtype }), text.trim());
}

function decodeRecall(msg: unknown): Decoded {
  const body = asObject(msg);
  if (!body) {
    const source = textOf(msg);
    const replaced = xmlTag(source, 'replacemsg');
    const text = (replaced ?? stripXml(source)).trim() || '撤回了一条消息';
    return make('recall', { text }, text);
  }
  // The doc's sample says `test` and `timestrueamp`; the real keys are text and timestamp.
  const text = str(body, 'text', 'test') ?? '撤回了一条消息';
  const originalText = str(body, 'preContent');
  const recalledAt = vendorTsToEpochMs(field(body, 'timestamp'));
  return make('recall', compact({ text, originalText, recalledAt }), text.trim());
}

function decodeGroupSystem(msg: unknown): Decoded {
  const body = asObject(msg);
  let text = body ? str(body, 'msg', 'content', 'text') ?? '' : textOf(msg);
  // The doc writes the sample as {"msg": `...`} with JS backticks; take the text inside.
  const backticked = /^\s*\{\s*"msg"\s*:\s*`([\s\S]*)`\s*\}\s*$/.exec(text);
  if (backticked?.[1] !== undefined) text = backticked[1];
  return make('system', { text, subtype: 'group' }, text.trim());
}

function decodeSemiXml(msg: unknown): Decoded {
  const source = textOf(asObject(msg) ? str(asObject(msg), 'msg', 'content') : msg);
  const title = xmlTag(source, 'title');
  const url = xmlTag(source, 'url');
  if (title || url) {
    const description = xmlTag(source, 'des');
    return make('link', compact({ url, title, description }), label('[链接]', title ?? url));
  }
  return unknown('SEMI_XML message (111) without a title or a link', '111');
}

// ---------------------------------------------------------------------------------------------
// 112 red packet, 113 group collection, 114 collection reminder, 115 transfer

function payInfo(body: Obj | undefined): Obj | undefined {
  return asObject(field(body, 'wcPayInfo'));
}

/** The title the agent saw: what they sent, or what they received. */
function payTitle(body: Obj, pay: Obj | undefined, outgoing: boolean): string | undefined {
  const [first, second] = outgoing ? ['senderTitle', 'receiverTitle'] : ['receiverTitle', 'senderTitle'];
  return str(pay, first, second) ?? str(body, 'title');
}

function decodeRedPacket(body: Obj | undefined, outgoing: boolean, vendorType: string | undefined): Decoded {
  if (!body) return unknown('red packet body is not JSON', vendorType);
  const pay = payInfo(body);
  const m7Type = str(pay, 'm7Type');
  const status = m7Type === '0' ? 'unopened' : m7Type === '1' ? 'opened' : 'unknown';
  const title = payTitle(body, pay, outgoing);
  return make(
    'redPacket',
    compact({ title, description: str(body, 'des'), status, payMsgId: str(pay, 'payMsgId'), url: str(body, 'url') ?? str(pay, 'url') }),
    label('[红包]', title),
  );
}

const COLLECTION_STATUS = { '1': 'none', '2': 'partial', '3': 'complete' } as const;

function decodeGroupCollection(body: Obj | undefined, outgoing: boolean, vendorType: string | undefined): Decoded {
  if (!body) return unknown('group collection body is not JSON', vendorType);
  const pay = payInfo(body);
  const bill = asObject(field(pay, 'newAa'));
  // receiverList "initiator,status,participants,paid"; payerList "wxNo,amountFen,status|..."
  const [initiatorWxNo, status, participants, paidCount] = (str(bill, 'receiverList') ?? '').split(',').map((s) => s.trim());
  const payers = (str(bill, 'payerList') ?? '')
    .split('|')
    .map((entry) => entry.split(',').map((s) => s.trim()))
    .filter(([wxNo]) => !!wxNo)
    .map(([wxNo = '', amount, paid]) => compact({ wxNo, amountFen: toNumber(amount), paid: paid === '2' }));
  const title = payTitle(body, pay, outgoing);
  const description = outgoing ? str(pay, 'senderDes', 'receiverDes') : str(pay, 'receiverDes', 'senderDes');
  return make(
    'groupCollection',
    compact({
      title,
      description: description ?? str(body, 'des'),
      initiatorWxNo: nonEmpty(initiatorWxNo),
      collectionStatus: COLLECTION_STATUS[status as keyof typeof COLLECTION_STATUS] ?? 'unknown',
      participants: toNumber(participants),
      paidCount: toNumber(paidCount),
      payers: payers.length > 0 ? payers : undefined,
      payId: str(bill, 'billNo'),
    }),
    label('[群收款]', title, description),
  );
}

function decodeCollectionReminder(msg: unknown): Decoded {
  const body = asObject(msg);
  const content = body ? str(body, 'content') ?? '' : textOf(msg);
  const payId = str(body, 'payId');
  if (!payId) return make('system', { text: content, subtype: 'groupCollectionReminder' }, content.trim());
  return make('groupCollection', { description: content, collectionStatus: 'unknown', payId }, label('[群收款提醒]', content));
}

/** What m7Type says happened to a transfer (doc table under 115). */
const TRANSFER_BY_M7TYPE = {
  '0': 'pending',
  '1': 'accepted',
  '2': 'received',
  '3': 'returned',
  '4': 'receivedPending',
} as const;
/** Without m7Type, paySubType alone still says what the message is. */
const TRANSFER_BY_SUBTYPE = { '1': 'pending', '7': 'pending', '3': 'received', '4': 'returned', '5': 'receivedPending' } as const;
type TransferStatus = MessageBodies['transfer']['status'];
const TRANSFER_WORDS: Record<TransferStatus, string> = {
  pending: '待收款',
  accepted: '已被领取',
  received: '已收款',
  returned: '已退还',
  receivedPending: '已收款待入账',
  unknown: '',
};

function decodeTransfer(body: Obj | undefined, vendorType: string | undefined): Decoded {
  if (!body) return unknown('transfer body is not JSON', vendorType);
  const pay = payInfo(body);
  const paySubType = str(pay, 'paySubType');
  const m7Type = str(pay, 'm7Type');
  const status: TransferStatus =
    TRANSFER_BY_M7TYPE[m7Type as keyof typeof TRANSFER_BY_M7TYPE] ?? TRANSFER_BY_SUBTYPE[paySubType as keyof typeof TRANSFER_BY_SUBTYPE] ?? 'unknown';
  const amount = str(pay, 'feeDesc');
  const memo = str(pay, 'payMemo');
  return make(
    'transfer',
    compact({ amount, memo, paySubType, status, transferId: str(pay, 'transferId', 'transcationId'), description: str(body, 'des') }),
    label('[转账]', amount, TRANSFER_WORDS[status], memo),
  );
}

// ---------------------------------------------------------------------------------------------
// Just enough WeChat XML: tags, attributes, CDATA, entities

function xmlSource(value: unknown): string | undefined {
  const text = toText(value)?.trim();
  return text && text.includes('<') ? text : undefined;
}

function xmlTag(xml: string | undefined, tag: string): string | undefined {
  if (!xml) return undefined;
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'i').exec(xml);
  return match?.[1] === undefined ? undefined : nonEmpty(unescapeXml(match[1]));
}

function xmlAttr(xml: string | undefined, name: string): string | undefined {
  if (!xml) return undefined;
  const match = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'i').exec(xml);
  return match?.[1] === undefined ? undefined : nonEmpty(unescapeXml(match[1]));
}

function unescapeXml(text: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(text);
  if (cdata?.[1] !== undefined) return cdata[1];
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function stripXml(text: string): string {
  return text.includes('<') ? unescapeXml(text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()) : text;
}
