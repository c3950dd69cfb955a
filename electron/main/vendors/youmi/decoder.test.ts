import { describe, expect, it } from 'vitest';
import type { MessageContent } from '@shared/model';
import { decodeResvred, decodeYoumiV1Row, decodeYoumiV2Row, parseContentMarker, YOUMI_MESSAGE_TYPES } from './decoder';
import { chatPage } from './transport';
import { YoumiEnvelope, YoumiSendValues } from './wire';
import v1List from './fixtures/v1-chatmess-list.json';
import v1SendAnswer from './fixtures/v1-send-answer.json';
import v2Answer from './fixtures/v2-getchat-answer.json';
import v2SendAnswer from './fixtures/v2-send-answer.json';

const enc = (value: unknown) => encodeURIComponent(JSON.stringify(value));

function v2Row(type: number | string, content: string | null, resvred: unknown = null, extra: Record<string, unknown> = {}) {
  return {
    ad_chatting_id: 9001,
    ad_chatting_talter: 'wxid_fan001',
    ad_chatting_issend: 0,
    ad_chatting_resvred: resvred === null || typeof resvred === 'string' ? resvred : enc(resvred),
    ad_wechat_id: 1906,
    merchantid: '333513091',
    ad_chatting_updatetime: '2024-03-01T10:00:01.123456+08:00',
    ad_chatting_sate: type,
    ad_sermsgid: '7451280555673078261',
    ad_chatting_time: '1709258400',
    ad_chatting_content: content,
    ad_staff_code: null,
    ad_voice_txt: null,
    ad_friend_photo: 'http://wx.qlogo.cn/mmhead/ver_1/abc/96',
    ad_friend_name: '张伟',
    ad_expand: '0',
    ad_wechat_nober: 'wxid_youmiop001',
    ...extra,
  };
}

interface TypeCase {
  type: number;
  kind: MessageContent['kind'];
  content: string;
  resvred?: Record<string, unknown>;
  body: Record<string, unknown>;
  text: string;
  voiceText?: string;
}

// One case per row of the doc's ad_chatting_sate table (both readings of 4 and 4362).
const TYPE_CASES: TypeCase[] = [
  { type: 1, kind: 'text', content: '你好，iPhone 15 Pro 还有货吗[微笑]', body: { text: '你好，iPhone 15 Pro 还有货吗[微笑]' }, text: '你好，iPhone 15 Pro 还有货吗[微笑]' },
  { type: 2, kind: 'image', content: 'imgs[k2]', body: { key: 'k2', hdKey: 'k2_hd' }, text: '[图片]' },
  { type: 3, kind: 'image', content: 'imgs[k3]', body: { key: 'k3', hdKey: 'k3_hd' }, text: '[图片]' },
  { type: 4, kind: 'image', content: 'imgs[k4]', body: { key: 'k4', hdKey: 'k4_hd' }, text: '[图片]' },
  {
    type: 4,
    kind: 'voice',
    content: 'audioT[v4]',
    resvred: { downloadKey: 'v4', type: -1, videoLen: 7 },
    voiceText: '明天下午到店',
    body: { key: 'v4', durationSec: 7, transcript: '明天下午到店' },
    text: '[语音] 明天下午到店',
  },
  { type: 34, kind: 'voice', content: 'audio[v34]', resvred: { downloadKey: 'v34', type: -1, videoLen: 12 }, body: { key: 'v34', durationSec: 12 }, text: '[语音]' },
  { type: 42, kind: 'card', content: 'MP[李娜]', resvred: { nickname: '李娜' }, body: { cardType: 'personal', nickname: '李娜' }, text: '[名片] 李娜' },
  { type: 43, kind: 'video', content: 'video[vid]', resvred: { downloadKey: 'vid', videoLen: 30, title: '开箱' }, body: { key: 'vid', durationSec: 30, title: '开箱' }, text: '[视频] 开箱' },
  {
    type: 48,
    kind: 'location',
    content: 'a(https://map.qq.com/x)',
    resvred: { desc: '北京市朝阳区建国路88号', thumbUrl: 'https://t/loc.jpg', title: '国贸中心', url: 'https://map.qq.com/x' },
    body: { title: '国贸中心', address: '北京市朝阳区建国路88号', url: 'https://map.qq.com/x', thumbUrl: 'https://t/loc.jpg' },
    text: '[位置] 国贸中心 北京市朝阳区建国路88号',
  },
  {
    type: 49,
    kind: 'link',
    content: 'a(https://mp.weixin.qq.com/s/abc)',
    resvred: { title: '空调以旧换新', url: 'https://mp.weixin.qq.com/s/abc' },
    body: { url: 'https://mp.weixin.qq.com/s/abc', title: '空调以旧换新' },
    text: '[链接] 空调以旧换新 https://mp.weixin.qq.com/s/abc',
  },
  { type: 50, kind: 'videoCall', content: '通话时长 03:21', body: { text: '通话时长 03:21' }, text: '[视频聊天] 通话时长 03:21' },
  {
    type: 495,
    kind: 'groupInvite',
    content: '邀请你加入群聊',
    resvred: { desc: '王芳邀请你加入群聊“车友群”', thumbUrl: 'https://t/g.jpg', title: '邀请你加入群聊', url: 'https://invite/x' },
    body: { title: '邀请你加入群聊', description: '王芳邀请你加入群聊“车友群”', url: 'https://invite/x', thumbUrl: 'https://t/g.jpg' },
    text: '[群聊邀请] 邀请你加入群聊 王芳邀请你加入群聊“车友群”',
  },
  { type: 496, kind: 'file', content: 'file[f1]', resvred: { title: '报价单.pdf', totalLen: 204800, url: '' }, body: { key: 'f1', name: '报价单.pdf', sizeBytes: 204800 }, text: '[文件] 报价单.pdf' },
  { type: 1001, kind: 'card', content: '友米科技服务号', body: { cardType: 'unknown', nickname: '友米科技服务号' }, text: '[名片] 友米科技服务号' },
  { type: 4919, kind: 'chatRecord', content: '张伟和李娜的聊天记录', body: { items: '张伟和李娜的聊天记录' }, text: '[聊天记录] 张伟和李娜的聊天记录' },
  {
    type: 4933,
    kind: 'miniProgram',
    content: '[小程序]',
    resvred: { appIconUrl: 'https://t/icon.png', displayName: '京东购物', downloadKey: 'cover1', title: 'iPad mini 限时特价' },
    body: { title: 'iPad mini 限时特价', appName: '京东购物', iconUrl: 'https://t/icon.png', coverKey: 'cover1' },
    text: '[小程序] 京东购物 iPad mini 限时特价',
  },
  { type: 4362, kind: 'groupCollection', content: '发起了群收款，每人需付¥50.00', body: { title: '发起了群收款，每人需付¥50.00', collectionStatus: 'unknown' }, text: '[群收款] 发起了群收款，每人需付¥50.00' },
  { type: 4362, kind: 'redPacket', content: '[红包]恭喜发财，大吉大利', body: { title: '[红包]恭喜发财，大吉大利', status: 'unknown' }, text: '[红包]恭喜发财，大吉大利' },
  {
    type: 7549,
    kind: 'channelsVideo',
    content: '[视频号]',
    resvred: { avatar: 'https://t/a.jpg', description: 'Model Y 真机评测', nickname: '上海数码小杰', thumbUrl: 'https://t/c.jpg' },
    body: { nickname: '上海数码小杰', description: 'Model Y 真机评测', avatarUrl: 'https://t/a.jpg', thumbUrl: 'https://t/c.jpg' },
    text: '[视频号] 上海数码小杰 Model Y 真机评测',
  },
  {
    type: 8220,
    kind: 'quote',
    content: '这个多少钱？',
    resvred: { type: 1, content: '戴森V12 今天有现货', title: '', downloadKey: '', url: '' },
    body: { text: '这个多少钱？', quotedKind: 'text', quotedText: '戴森V12 今天有现货' },
    text: '这个多少钱？ 「戴森V12 今天有现货」',
  },
  {
    type: 9730,
    kind: 'live',
    content: '[直播]',
    resvred: { avatar: 'https://t/a.jpg', description: '今晚8点开播', nickname: '杭州数码小明', thumbUrl: 'https://t/c.jpg' },
    body: { nickname: '杭州数码小明', description: '今晚8点开播', avatarUrl: 'https://t/a.jpg', thumbUrl: 'https://t/c.jpg' },
    text: '[直播] 杭州数码小明 今晚8点开播',
  },
  { type: 10000, kind: 'system', content: '你已添加了张伟，现在可以开始聊天了。', body: { text: '你已添加了张伟，现在可以开始聊天了。', subtype: 'system' }, text: '你已添加了张伟，现在可以开始聊天了。' },
  { type: 10001, kind: 'system', content: '张伟的微信号已更新为zw1988', body: { text: '张伟的微信号已更新为zw1988', subtype: 'identifierUpdate' }, text: '张伟的微信号已更新为zw1988' },
  { type: 10002, kind: 'system', content: '张伟开启了朋友验证', body: { text: '张伟开启了朋友验证', subtype: 'friendVerification' }, text: '张伟开启了朋友验证' },
  { type: 10003, kind: 'system', content: '张伟请求添加你为朋友', body: { text: '张伟请求添加你为朋友', subtype: 'friendRequest' }, text: '张伟请求添加你为朋友' },
  { type: 10004, kind: 'system', content: '消息发送失败：对方拒收了你的消息', body: { text: '消息发送失败：对方拒收了你的消息', subtype: 'errorNotice' }, text: '消息发送失败：对方拒收了你的消息' },
  { type: 10005, kind: 'system', content: '对方已完成实名认证：*伟', body: { text: '对方已完成实名认证：*伟', subtype: 'realNameInfo' }, text: '对方已完成实名认证：*伟' },
  { type: 11001, kind: 'todo', content: '待办：周五回访张伟', body: { text: '待办：周五回访张伟' }, text: '[待办] 待办：周五回访张伟' },
  {
    type: 12001,
    kind: 'takeover',
    content: '申请接管会话',
    resvred: { key: 'tk_1', name: '客服王芳', reason: '客户要求退款' },
    body: { key: 'tk_1', applicant: '客服王芳', reason: '客户要求退款' },
    text: '[托管] 客服王芳 客户要求退款',
  },
];

describe('v2 type table', () => {
  it('has a case for every row of the table', () => {
    const covered = new Set(TYPE_CASES.map((c) => `${c.type}:${c.kind}`));
    expect(YOUMI_MESSAGE_TYPES.filter((t) => !covered.has(`${t.type}:${t.kind}`))).toEqual([]);
  });

  it.each(TYPE_CASES.map((c) => [`${c.type} ${c.kind}`, c] as const))('decodes %s', (_name, c) => {
    const message = decodeYoumiV2Row(v2Row(c.type, c.content, c.resvred ?? null, c.voiceText ? { ad_voice_txt: c.voiceText } : {}));
    expect(message.content).toEqual({ kind: c.kind, body: c.body });
    expect(message.text).toBe(c.text);
    expect(message).toMatchObject({
      vendorMsgId: '9001',
      conversationKey: '1906:wxid_fan001',
      conversationKind: 'direct',
      direction: 'in',
      sentAt: 1709258400_000,
      senderId: 'wxid_fan001',
      senderName: '张伟',
      peerName: '张伟',
      peerAvatarUrl: 'http://wx.qlogo.cn/mmhead/ver_1/abc/96',
    });
    expect(JSON.parse(message.raw)).toMatchObject({ ad_chatting_sate: c.type });
  });
});

describe('v2 rows in odd shapes', () => {
  it('reads numbers sent as strings and an operator message', () => {
    const message = decodeYoumiV2Row(
      v2Row('49', 'a(https://x.cn/p)', { title: 'T', url: 'https://x.cn/p' }, { ad_chatting_id: '77', ad_chatting_issend: '1', ad_wechat_id: '1906', ad_staff_code: '10000' }),
    );
    expect(message).toMatchObject({ vendorMsgId: '77', direction: 'out', senderId: '10000', conversationKey: '1906:wxid_fan001' });
    expect(message.senderName).toBeUndefined();
    expect(message.content.kind).toBe('link');
  });

  it('an outgoing row typed on the operator phone (no staff number) names no colleague', () => {
    const message = decodeYoumiV2Row(v2Row(1, '好的，马上发货', null, { ad_chatting_issend: 1, ad_staff_code: null }));
    expect(message.direction).toBe('out');
    expect(message.senderId).toBeUndefined();
    expect(decodeYoumiV2Row(v2Row(1, '好的', null, { ad_chatting_issend: 1, ad_staff_code: 10001 })).senderId).toBe('10001');
  });

  it('keys a conversation the same whether ad_wechat_id comes as an integer or as text', () => {
    expect(decodeYoumiV2Row(v2Row(1, 'a', null, { ad_wechat_id: '1906' })).conversationKey).toBe(decodeYoumiV2Row(v2Row(1, 'a', null, { ad_wechat_id: 1906 })).conversationKey);
  });

  it('a type-1 Moments notice stays text, keeps its line break and emoji codes, and is marked a notice', () => {
    const content = '给你04月13日的朋友圈<[酷][酷]>\n点赞';
    expect(decodeYoumiV2Row(v2Row(1, content))).toMatchObject({ content: { kind: 'text', body: { text: content, notice: 'momentsInteraction' } }, text: content });
    // A customer writing about Moments is still just text.
    expect(decodeYoumiV2Row(v2Row(1, '你朋友圈那款还有吗')).content).toEqual({ kind: 'text', body: { text: '你朋友圈那款还有吗' } });
  });

  it('tells type 4 apart by its prefix and keeps an unprefixed 4 as unknown', () => {
    expect(decodeYoumiV2Row(v2Row(4, 'imgs[a]')).content.kind).toBe('image');
    expect(decodeYoumiV2Row(v2Row(4, 'audio[b]')).content).toEqual({ kind: 'voice', body: { key: 'b' } });
    expect(decodeYoumiV2Row(v2Row(4, 'audioT[c]')).content).toEqual({ kind: 'voice', body: { key: 'c' } });
    const odd = decodeYoumiV2Row(v2Row(4, 'something'));
    expect(odd.content).toEqual({ kind: 'unknown', body: { reason: 'type 4 without an imgs[ or audio[ prefix', vendorType: '4' } });
    expect(odd.text).toBe('something');
  });

  it('keeps types outside the table as unknown with their raw row', () => {
    const message = decodeYoumiV2Row(v2Row(99999, '新功能消息'));
    expect(message.content).toEqual({ kind: 'unknown', body: { reason: 'unknown message type 99999', vendorType: '99999' } });
    expect(message.text).toBe('新功能消息');
    expect(JSON.parse(message.raw).ad_chatting_sate).toBe(99999);
  });

  it('never throws on rows that are not rows', () => {
    for (const junk of [null, undefined, 42, 'abc', [], [1, 2], true]) {
      const message = decodeYoumiV2Row(junk);
      expect(message.content.kind).toBe('unknown');
      expect(message.vendorMsgId).toMatch(/^raw:[0-9a-f]{16}$/);
    }
    const empty = decodeYoumiV2Row({});
    expect(empty).toMatchObject({ conversationKey: '?:?', sentAt: 0, content: { kind: 'unknown' } });
    expect(decodeYoumiV2Row({ a: 1 }).vendorMsgId).not.toBe(decodeYoumiV2Row({ a: 2 }).vendorMsgId);
  });

  it('falls back to ad_chatting_updatetime, reading microseconds and China time', () => {
    expect(decodeYoumiV2Row(v2Row(1, 'x', null, { ad_chatting_time: null })).sentAt).toBe(Date.parse('2024-03-01T02:00:01.123Z'));
    expect(decodeYoumiV2Row(v2Row(1, 'x', null, { ad_chatting_time: '', ad_chatting_updatetime: '2024-03-01 10:00:00' })).sentAt).toBe(Date.parse('2024-03-01T02:00:00Z'));
  });

  it('marks group chats and treats null content as empty', () => {
    const message = decodeYoumiV2Row(v2Row(1, null, null, { ad_chatting_talter: '123@chatroom' }));
    expect(message.conversationKind).toBe('group');
    expect(message.content).toEqual({ kind: 'text', body: { text: '' } });
  });

  it('names the quoted kind of a quoted image', () => {
    const message = decodeYoumiV2Row(v2Row(8220, '就是这个', { type: 3, content: '', title: '', downloadKey: 'img9', url: '' }));
    expect(message.content).toEqual({ kind: 'quote', body: { text: '就是这个', quotedKind: 'image', quotedKey: 'img9' } });
  });
});

describe('ad_chatting_resvred', () => {
  it('reads URL-encoded, form-encoded, double-encoded and plain JSON', () => {
    const value = { title: '报价 单.pdf', totalLen: 10, url: 'https://a.cn/x?a=1&b=2+3' };
    expect(decodeResvred(encodeURIComponent(JSON.stringify(value)))).toEqual(value);
    expect(decodeResvred(encodeURIComponent(JSON.stringify(value)).replace(/%20/g, '+'))).toEqual(value);
    expect(decodeResvred(encodeURIComponent(encodeURIComponent(JSON.stringify(value))))).toEqual(value);
    expect(decodeResvred(JSON.stringify(value))).toEqual(value);
    expect(decodeResvred(value)).toEqual(value);
  });

  it('answers undefined for null, garbage and non-objects', () => {
    for (const junk of [null, undefined, '', 'null', 'string', '%E0%A4%A', '%7B%22a%22', '[1,2]', '42', 7, ['x']]) {
      expect(decodeResvred(junk)).toBeUndefined();
    }
  });

  it('a garbage resvred still leaves the message decodable', () => {
    const message = decodeYoumiV2Row(v2Row(496, 'file[k]', '%E0%A4%A'));
    expect(message.content).toEqual({ kind: 'file', body: { key: 'k' } });
    expect(message.text).toBe('[文件]');
  });
});

describe('v1 content formats', () => {
  const v1Row = (type: number | undefined, content: string) => {
    const { ad_chatting_id: _id, ad_voice_txt: _v, ad_wechat_nober: _n, ...rest } = v2Row(type ?? 1, content);
    return type === undefined ? { ...rest, ad_chatting_sate: undefined } : rest;
  };

  it('parses every marker', () => {
    expect(parseContentMarker('imgs[K]')).toEqual({ tag: 'imgs', value: 'K' });
    expect(parseContentMarker('audio[K]')).toEqual({ tag: 'audio', value: 'K' });
    expect(parseContentMarker('audioT[K]')).toEqual({ tag: 'audioT', value: 'K' });
    expect(parseContentMarker('MP[王芳]')).toEqual({ tag: 'MP', value: '王芳' });
    expect(parseContentMarker('file[K]')).toEqual({ tag: 'file', value: 'K' });
    expect(parseContentMarker('a(https://a.cn/x_(1).html)')).toEqual({ tag: 'a', value: 'https://a.cn/x_(1).html' });
    expect(parseContentMarker('a(https://v.qq.com/x.html)[Y3微聊视频介绍]')).toEqual({ tag: 'a', value: 'https://v.qq.com/x.html', title: 'Y3微聊视频介绍' });
    expect(parseContentMarker('晚上好[嘿哈]')).toBeUndefined();
  });

  it('decodes by content when the type is missing', () => {
    expect(decodeYoumiV1Row(v1Row(undefined, 'imgs[K]')).content.kind).toBe('image');
    expect(decodeYoumiV1Row(v1Row(undefined, 'audio[K]')).content).toEqual({ kind: 'voice', body: { key: 'K' } });
    expect(decodeYoumiV1Row(v1Row(undefined, 'MP[王芳]')).content).toEqual({ kind: 'card', body: { cardType: 'personal', nickname: '王芳' } });
    expect(decodeYoumiV1Row(v1Row(undefined, 'file[K]')).content).toEqual({ kind: 'file', body: { key: 'K' } });
    expect(decodeYoumiV1Row(v1Row(undefined, 'a(https://a.cn)[标题]')).content).toEqual({ kind: 'link', body: { url: 'https://a.cn', title: '标题' } });
    expect(decodeYoumiV1Row(v1Row(undefined, 'video[K]')).content).toEqual({ kind: 'video', body: { key: 'K' } });
    expect(decodeYoumiV1Row(v1Row(undefined, '[抓狂][抓狂]')).content).toEqual({ kind: 'text', body: { text: '[抓狂][抓狂]' } });
    expect(decodeYoumiV1Row(v1Row(undefined, '')).content).toEqual({ kind: 'unknown', body: { reason: 'no message type' } });
  });

  it('identifies v1 messages by ad_sermsgid and v2 by ad_chatting_id', () => {
    const both = v2Row(1, 'x');
    expect(decodeYoumiV1Row(both).vendorMsgId).toBe('7451280555673078261');
    expect(decodeYoumiV2Row(both).vendorMsgId).toBe('9001');
    expect(decodeYoumiV2Row({ ...both, ad_chatting_id: null }).vendorMsgId).toBe('7451280555673078261');
  });
});

describe("the docs' own examples", () => {
  it('v1 ChatMess list decodes as the doc means it', () => {
    const envelope = YoumiEnvelope.parse(v1List);
    const page = chatPage(envelope, 'youmi.v1.ChatMess.list', 'v1');
    expect(page.rowCount).toBe(10);
    expect(page.vendorTime).toBe('2018/5/11 14:47:48');
    // The Moments notices are type 1: kind text (what search's "text" filter finds), marked as notices.
    expect(page.messages.map((m) => m.content.kind)).toEqual(['image', 'image', 'text', 'link', 'image', 'text', 'text', 'text', 'text', 'text']);
    expect(page.messages.map((m) => (m.content.kind === 'text' ? (m.content.body.notice ?? 'typed') : '-'))).toEqual([
      '-', '-', 'momentsInteraction', '-', '-', 'typed', 'typed', 'momentsInteraction', 'momentsInteraction', 'momentsInteraction',
    ]);
    // Only outgoing rows name a colleague: the doc's staff number 10000; the fan's rows name the fan.
    expect(page.messages.map((m) => m.senderId)).toEqual(page.messages.map((m) => (m.direction === 'out' ? '10000' : 'wxid_ujwy4r6nkjdb22')));
    expect(page.messages[0]).toMatchObject({
      vendorMsgId: '1524730993715m',
      conversationKey: '1906:wxid_ujwy4r6nkjdb22',
      direction: 'out',
      sentAt: 1524730993_000,
      senderId: '10000',
      peerName: '心赠于你w',
      content: { kind: 'image', body: { key: '6d1472bf5f6cebbcd013d89c68a461111524730993', hdKey: '6d1472bf5f6cebbcd013d89c68a461111524730993_hd' } },
      text: '[图片]',
    });
    expect(page.messages[2]).toMatchObject({
      direction: 'in',
      content: { kind: 'text', body: { text: '给你04月26日的朋友圈<[抓狂][吐][吐][冷汗]>\n点赞', notice: 'momentsInteraction' } },
      text: '给你04月26日的朋友圈<[抓狂][吐][吐][冷汗]>\n点赞',
    });
    expect(page.messages[3]).toMatchObject({
      content: { kind: 'link', body: { url: 'https://v.qq.com/x/page/x054870dayo.html', title: 'Y3微聊视频介绍' } },
      text: '[链接] Y3微聊视频介绍 https://v.qq.com/x/page/x054870dayo.html',
    });
    expect(page.messages[5]).toMatchObject({ content: { kind: 'text', body: { text: '早上好' } }, senderName: '心赠于你w' });
    expect(page.messages[6]?.text).toBe('晚上好[嘿哈]');
    expect(page.messages[7]?.text).toContain('新京报快讯');
  });

  it('v1 send answer: errmsg 10004 beside succeed true is success', () => {
    const envelope = YoumiEnvelope.parse(v1SendAnswer);
    expect(envelope).toMatchObject({ succeed: true, errmsg: '10004', msgTime: '2019-12-16T16:53:56.9911753+08:00', values: '提交成功' });
  });

  it('v2 GetChat answer: the placeholder row (type 0) is kept as unknown', () => {
    const page = chatPage(YoumiEnvelope.parse(v2Answer), 'youmi.v2.GetChat', 'v2');
    expect(page.rowCount).toBe(1);
    expect(page.lastChattingId).toBe(0);
    expect(page.messages[0]).toMatchObject({
      vendorMsgId: '0',
      conversationKey: '0:string',
      content: { kind: 'unknown', body: { reason: 'unknown message type 0', vendorType: '0' } },
      text: 'string',
      peerName: 'string',
    });
  });

  it('v2 send answer carries values.taskId', () => {
    const envelope = YoumiEnvelope.parse(v2SendAnswer);
    expect(envelope.succeed).toBe(true);
    expect(YoumiSendValues.parse(envelope.values).taskId).toBe('string');
  });
});
