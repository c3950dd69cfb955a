// One message of every kind, as the store hands them to the renderer, for the rendering tests
// and the chat screenshots' component checks.
import type { Conversation, Message, MessageBodies, MessageKind } from '@shared/model';

let nextId = 1;

export function message<K extends MessageKind>(kind: K, body: MessageBodies[K], extra: Partial<Omit<Message, 'kind' | 'body'>> = {}): Message {
  const id = extra.id ?? nextId++;
  return {
    id,
    accountId: 'youmi-1',
    conversationId: 1,
    vendorMsgId: `v${id}`,
    direction: 'in',
    sentAt: Date.UTC(2025, 0, 6, 2, 0) + id * 60_000,
    text: 'text' in body && typeof body.text === 'string' ? body.text : `[${kind}]`,
    status: 'received',
    raw: JSON.stringify({ kind, body }),
    ...extra,
    kind,
    body,
  } as Message;
}

export const EVERY_KIND: { [K in MessageKind]: MessageBodies[K] } = {
  text: { text: '您好[抓狂]，我的电话 13912345678，有空回电' },
  image: { url: 'https://img.example.com/a.jpg', thumbUrl: 'https://img.example.com/a_thumb.jpg' },
  voice: { url: 'https://media.example.com/v.amr', durationSec: 12, transcript: '明天上午方便吗' },
  video: { url: 'https://media.example.com/v.mp4', thumbUrl: 'https://media.example.com/v.jpg', durationSec: 75, title: '产品演示' },
  file: { url: 'https://files.example.com/quote.pdf', name: '报价单-2025.pdf', sizeBytes: 1_572_864 },
  link: { url: 'https://shop.example.com/item/1', title: '春季新品', description: '限时八折', thumbUrl: 'https://img.example.com/l.jpg', price: '¥199' },
  card: { cardType: 'wecom', nickname: '李经理', wxNo: 'li_manager', company: '上海某某贸易有限公司' },
  location: { lat: 31.2304, lng: 121.4737, title: '人民广场', address: '上海市黄浦区人民大道', url: 'https://map.example.com/?q=31.23,121.47' },
  miniProgram: { title: '预约到店', appName: '门店助手', iconUrl: 'https://img.example.com/mp.png', url: 'https://mp.example.com/p' },
  channelsVideo: { nickname: '品牌视频号', description: '新品开箱', thumbUrl: 'https://img.example.com/cv.jpg' },
  live: { nickname: '品牌直播间', description: '今晚八点直播' },
  quote: { text: '就是这个', quotedKind: 'text', quotedTitle: '王姐', quotedText: '有没有蓝色的？' },
  redPacket: { title: '恭喜发财，大吉大利', status: 'opened' },
  transfer: { amount: '88.00', memo: '定金', status: 'returned', paySubType: '4' },
  groupCollection: { title: '团购水果', collectionStatus: 'partial', participants: 10, paidCount: 4 },
  groupInvite: { title: '邀请你加入群聊', description: '“老客户福利群”', url: 'https://weixin.example.com/invite' },
  chatRecord: { title: '王姐和李经理的聊天记录', description: '王姐：在吗\n李经理：在的' },
  system: { text: '你已添加了王姐，现在可以开始聊天了。' },
  recall: { text: '"王姐" 撤回了一条消息' },
  videoCall: { text: '通话时长 03:12' },
  todo: { text: '明天下午回访王姐' },
  takeover: { applicant: '张三', reason: '客户要求换顾问' },
  unknown: { reason: 'unrecognized msgType', vendorType: '9999' },
};

export function conversation(extra: Partial<Conversation> = {}): Conversation {
  return {
    id: 1,
    accountId: 'youmi-1',
    vendor: 'youmi',
    vendorConversationId: 'wx-1',
    kind: 'direct',
    title: '王姐',
    unreadCount: 0,
    readOnly: false,
    capabilities: ['text', 'image', 'video', 'file', 'link', 'card', 'miniProgram', 'officialAccount', 'batch'],
    lastMessageAt: Date.now(),
    lastMessagePreview: '您好',
    phones: ['13912345678'],
    ...extra,
  };
}
