// Building what Youmi's send endpoints expect, and refusing what they would fail on, before
// anything leaves the machine: a VALIDATION error names the field and says what to fix.
import type { ReplyKind } from '@shared/model';
import { invalid } from './errors';

/** Long enough for any real chat message, short enough to stop a pasted document. */
export const MAX_TEXT_LENGTH = 5000;

// ---------------------------------------------------------------------------------------------
// v1 ChatMess POST: a send task, idempotent on taskId

export const V1_TASK_TYPES = { text: 0, image: 1, file: 2, video: 3 } as const;
export type YoumiV1TaskType = keyof typeof V1_TASK_TYPES;

const MB = 1024 * 1024;
/** The doc's limits for the URL behind taskContent ("图片大小最好不超过5M,文件10M,视频30M"). */
export const V1_SIZE_LIMITS: Record<Exclude<YoumiV1TaskType, 'text'>, number> = { image: 5 * MB, file: 10 * MB, video: 30 * MB };

export interface YoumiV1Task {
  /** Unique per message and reused on every retry of it: Youmi's only duplicate guard. */
  taskId: string;
  /** ad_friend_id: Youmi's number for the friend. */
  friendId: number;
  /** ad_original_nober: the operator phone's original WeChat id. */
  operatorOriginalWxId: string;
  /** originalWeChatId: the friend's original WeChat id. */
  friendOriginalWxId: string;
  type: YoumiV1TaskType;
  /** The text, or a downloadable http(s) URL of the image, file or video. */
  content: string;
  /** taskRemark: the file name shown to the customer for media. */
  fileName?: string;
}

/** timestamp + random, as the doc recommends; made once per message by the outbox. */
export function newYoumiTaskId(now: number = Date.now(), random: () => number = Math.random): string {
  return `${now}${Math.floor(random() * 1e9)
    .toString()
    .padStart(9, '0')}`;
}

export function validateV1Task(task: YoumiV1Task): void {
  if (!task.taskId || task.taskId.length > 64) throw invalid('taskId', '任务编号不能为空且不能超过64个字符', 'taskId must be 1–64 characters');
  if (!Number.isSafeInteger(task.friendId) || task.friendId <= 0) throw invalid('friendId', '好友编号无效', 'friendId must be a positive integer');
  if (!task.operatorOriginalWxId.trim()) throw invalid('operatorOriginalWxId', '缺少运营机原始微信号', 'The operator WeChat id is missing');
  if (!task.friendOriginalWxId.trim()) throw invalid('friendOriginalWxId', '缺少好友原始微信号', "The friend's WeChat id is missing");
  if (!(task.type in V1_TASK_TYPES)) throw invalid('type', '友米聚合 v1 只能发送文字、图片、文件和视频', 'Youmi v1 sends only text, image, file and video');
  if (task.type === 'text') checkText('content', task.content);
  else checkUrl('content', task.content);
}

/** The doc's body, field for field. */
export function v1TaskBody(task: YoumiV1Task): Record<string, unknown> {
  return {
    taskId: task.taskId,
    ad_friend_id: task.friendId,
    ad_original_nober: task.operatorOriginalWxId,
    originalWeChatId: task.friendOriginalWxId,
    taskType: V1_TASK_TYPES[task.type],
    taskContent: task.content,
    ...(task.fileName ? { taskRemark: task.fileName } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// v2 doSendPublicMes

/** 0 personal WeChat, 1 official account, 2 mini program, 3 WeCom. */
export type YoumiRelationType = 0 | 1 | 2 | 3;

/** Either the operator account + friend, or a takeover key that stands for both. */
export type YoumiV2Address = { wechatId: string | number; toUserName: string } | { takeOverKey: string };

export interface V2Media {
  url: string;
  /** File suffix; taken from the URL or file name when absent. */
  format?: string;
}
export type YoumiV2BatchItem =
  | { msgType: 'text'; text: string }
  | ({ msgType: 'image' } & V2Media)
  | ({ msgType: 'video'; description?: string; thumbnailUrl?: string; title?: string; msgId?: string } & V2Media)
  | ({ msgType: 'file'; fileName: string } & V2Media)
  | { msgType: 'link'; url: string; title?: string; description?: string; thumbMediaUrl?: string };

export interface YoumiForwardFlag {
  flag: string;
  /** The forwarded message's type as the doc spells it: image, video, link, file, mp, vo, vl, location ... */
  msgType: string;
  /** Epoch seconds. */
  msgTime: number;
  msgIndex: number;
}

export type YoumiV2Message =
  | YoumiV2BatchItem
  | { msgType: 'card'; nickname: string }
  | { msgType: 'qvcard'; nickname: string; companyName?: string }
  | { msgType: 'mp'; name: string }
  | { msgType: 'gzh'; name: string }
  | { msgType: 'rebpacket' }
  | { msgType: 'returnmoney' }
  | { msgType: 'forward'; fromUserName: string; flags: YoumiForwardFlag[] }
  | { msgType: 'batch'; items: YoumiV2BatchItem[] };

export type YoumiV2MsgType = YoumiV2Message['msgType'];

export interface YoumiV2SendRequest {
  address: YoumiV2Address;
  relationType: YoumiRelationType;
  message: YoumiV2Message;
}

/** Our own cap: the doc shows none, and a batch is one agent action. */
export const MAX_BATCH_ITEMS = 20;

/** The MsgTypes the parameter table supports for every relation; the rest the doc shows for personal WeChat only. */
const ALL_RELATIONS: readonly YoumiV2MsgType[] = ['text', 'image', 'video', 'file', 'link', 'forward', 'batch'];
const PERSONAL_ONLY: readonly YoumiV2MsgType[] = ['card', 'qvcard', 'mp', 'gzh', 'rebpacket', 'returnmoney'];

/** The composer's reply kinds and the MsgType each one sends. */
export const V2_MSG_TYPE_BY_REPLY_KIND: Record<ReplyKind, YoumiV2MsgType> = {
  text: 'text',
  image: 'image',
  video: 'video',
  file: 'file',
  link: 'link',
  card: 'card',
  qvcard: 'qvcard',
  miniProgram: 'mp',
  officialAccount: 'gzh',
  redPacket: 'rebpacket',
  returnMoney: 'returnmoney',
  forward: 'forward',
  batch: 'batch',
};

/** What the composer may offer in a Youmi v2 conversation of this relation type. */
export function youmiV2ReplyKinds(relationType: YoumiRelationType): ReplyKind[] {
  const allowed = relationType === 0 ? [...ALL_RELATIONS, ...PERSONAL_ONLY] : ALL_RELATIONS;
  return (Object.keys(V2_MSG_TYPE_BY_REPLY_KIND) as ReplyKind[]).filter((kind) => allowed.includes(V2_MSG_TYPE_BY_REPLY_KIND[kind]));
}

/** v1 can send these four only. */
export const YOUMI_V1_REPLY_KINDS: readonly ReplyKind[] = ['text', 'image', 'file', 'video'];

/** Validates the request and returns the doc's body for it; throws VALIDATION naming the field. */
export function buildV2SendBody(request: YoumiV2SendRequest): Record<string, unknown> {
  const { address, relationType, message } = request;
  if (![0, 1, 2, 3].includes(relationType)) {
    throw invalid('relationType', '关系类型只能是 0 个微、1 公众号、2 小程序、3 企业微信', 'RelationType must be 0 (WeChat), 1 (official account), 2 (mini program) or 3 (WeCom)');
  }
  if (!ALL_RELATIONS.includes(message.msgType) && !PERSONAL_ONLY.includes(message.msgType)) {
    throw invalid('msgType', `不支持的消息类型：${String(message.msgType)}`, `Unsupported message type: ${String(message.msgType)}`);
  }
  if (relationType !== 0 && PERSONAL_ONLY.includes(message.msgType)) {
    throw invalid('msgType', '这种消息只能发给个人微信好友', 'This kind of message can be sent to personal WeChat friends only');
  }
  return { ...addressFields(address), RelationType: relationType, ...messageFields(message) };
}

function addressFields(address: YoumiV2Address): Record<string, unknown> {
  if ('takeOverKey' in address) {
    if (!address.takeOverKey.trim()) throw invalid('takeOverKey', '接管标识不能为空', 'The takeover key is empty');
    return { TakeOverKey: address.takeOverKey };
  }
  const wechatId = String(address.wechatId ?? '').trim();
  if (!wechatId) throw invalid('wechatId', '缺少运营号ID', 'The operator account id is missing');
  if (!address.toUserName?.trim()) throw invalid('toUserName', '缺少要发给的好友', 'The recipient is missing');
  return { WechatId: wechatId, ToUserName: address.toUserName };
}

function messageFields(message: YoumiV2Message): Record<string, unknown> {
  switch (message.msgType) {
    case 'text':
    case 'image':
    case 'video':
    case 'file':
    case 'link':
      return itemFields(message, false);
    case 'card':
      return { MsgType: 'card', Text: required('nickname', message.nickname, '名片昵称', 'card nickname') };
    case 'qvcard':
      return { MsgType: 'qvcard', Text: required('nickname', message.nickname, '名片昵称', 'card nickname'), ...optional({ CompanyName: message.companyName }) };
    case 'mp':
      return { MsgType: 'mp', Text: required('name', message.name, '小程序名称', 'mini program name') };
    case 'gzh':
      return { MsgType: 'gzh', Text: required('name', message.name, '公众号名称', 'official account name') };
    case 'rebpacket':
    case 'returnmoney':
      return { MsgType: message.msgType };
    case 'forward':
      return {
        MsgType: 'forward',
        ShareUnionIDNode: required('fromUserName', message.fromUserName, '转发来源用户', 'forward source user'),
        Flags: forwardFlags(message.flags),
      };
    case 'batch': {
      if (!Array.isArray(message.items) || message.items.length === 0) throw invalid('items', '批量发送至少要有一条消息', 'A batch needs at least one message');
      if (message.items.length > MAX_BATCH_ITEMS) throw invalid('items', `批量发送最多 ${MAX_BATCH_ITEMS} 条`, `A batch holds at most ${MAX_BATCH_ITEMS} messages`);
      return { MsgType: 'batch', messList: message.items.map((item) => itemFields(item, true)) };
    }
  }
}

/** text/image/video/file/link, top-level or inside a batch (where the image URL is `ImageUrl`). */
function itemFields(item: YoumiV2BatchItem, inBatch: boolean): Record<string, unknown> {
  switch (item.msgType) {
    case 'text':
      return { MsgType: 'text', Text: checkText('text', item.text) };
    case 'image': {
      const url = checkUrl('url', item.url);
      // The doc: the image link "需带上图片文件的MineType后缀才能成功发送".
      const format = item.format || suffixOf(url) || fail('format', '图片链接需以文件后缀结尾（如 .jpg），或填写图片格式', 'The image URL must end with a file suffix (e.g. .jpg), or give the format');
      return inBatch ? { MsgType: 'image', ImageUrl: url, Format: format } : { MsgType: 'image', Url: url, Format: format };
    }
    case 'video': {
      const url = checkUrl('url', item.url);
      const suffix = suffixOf(url) || fail('url', '视频链接需以文件后缀结尾（如 .mp4）才能发送成功', 'The video URL must end with its file suffix (e.g. .mp4) to be delivered');
      return {
        MsgType: 'video',
        Url: url,
        Format: item.format || suffix,
        ...optional({ Description: item.description, ThumbnailUrl: item.thumbnailUrl && checkUrl('thumbnailUrl', item.thumbnailUrl), Title: item.title, MsgId: inBatch ? item.msgId : undefined }),
      };
    }
    case 'file': {
      const url = checkUrl('url', item.url);
      const name = required('fileName', item.fileName, '文件名', 'file name');
      const format = item.format || suffixOf(name) || suffixOf(url) || fail('fileName', '文件名需带后缀（如 报价单.pdf）', 'The file name needs its suffix (e.g. quote.pdf)');
      // The doc asks for the original file name "带后缀 + URL编码".
      return { MsgType: 'file', Url: url, Title: encodeURIComponent(name), Format: format };
    }
    case 'link':
      return {
        MsgType: 'link',
        Url: checkUrl('url', item.url),
        ...optional({ Description: item.description, ThumbMediaUrl: item.thumbMediaUrl && checkUrl('thumbMediaUrl', item.thumbMediaUrl), Title: item.title }),
      };
    default:
      return fail('msgType', `批量发送不支持这种消息：${String((item as { msgType?: unknown }).msgType)}`, `A batch cannot hold this message type: ${String((item as { msgType?: unknown }).msgType)}`);
  }
}

function forwardFlags(flags: YoumiForwardFlag[]): Record<string, unknown>[] {
  if (!Array.isArray(flags) || flags.length === 0) throw invalid('flags', '请选择要转发的消息', 'Choose the messages to forward');
  return flags.map((f, i) => {
    if (!f.flag?.trim()) throw invalid(`flags.${i}.flag`, '转发的消息缺少标识', 'A forwarded message has no flag');
    if (!f.msgType?.trim()) throw invalid(`flags.${i}.msgType`, '转发的消息缺少类型', 'A forwarded message has no type');
    if (!Number.isSafeInteger(f.msgTime) || f.msgTime <= 0) throw invalid(`flags.${i}.msgTime`, '转发的消息时间无效', 'A forwarded message has an invalid time');
    if (!Number.isSafeInteger(f.msgIndex) || f.msgIndex < 0) throw invalid(`flags.${i}.msgIndex`, '转发的消息序号无效', 'A forwarded message has an invalid index');
    return { Flag: f.flag, MsgType: f.msgType, MsgTime: f.msgTime, MsgIndex: f.msgIndex };
  });
}

// ---------------------------------------------------------------------------------------------

export function checkText(field: string, text: string): string {
  if (typeof text !== 'string' || text.trim() === '') throw invalid(field, '消息内容不能为空', 'The message is empty');
  if (text.length > MAX_TEXT_LENGTH) throw invalid(field, `消息太长了，最多 ${MAX_TEXT_LENGTH} 个字`, `The message is too long (at most ${MAX_TEXT_LENGTH} characters)`);
  return text;
}

export function checkUrl(field: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw invalid(field, '链接必须是可以下载的 http(s) 地址', 'The link must be a downloadable http(s) URL');
  }
  return value;
}

/** "https://x/y/video.mp4?sig=1" → "mp4"; "报价单.pdf" → "pdf". */
export function suffixOf(nameOrUrl: string): string | undefined {
  let path = nameOrUrl;
  try {
    path = new URL(nameOrUrl).pathname;
  } catch {
    // A plain file name.
  }
  return /\.([A-Za-z0-9]{1,5})$/.exec(path)?.[1]?.toLowerCase();
}

function required(field: string, value: string | undefined, zhName: string, enName: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, `缺少${zhName}`, `The ${enName} is missing`);
  return value;
}

function optional(fields: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (value) out[key] = value;
  return out;
}

function fail(field: string, zh: string, en: string): never {
  throw invalid(field, zh, en);
}
