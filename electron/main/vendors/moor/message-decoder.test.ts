import { MessageContent } from '@shared/model';
import { describe, expect, it } from 'vitest';
import { decodeMoorMessage } from './message-decoder';

const TS = 1718848800; // 2024-06-20 10:00 China, in seconds as the doc's example row has it

function row(msgType: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `m-${msgType}`, chatId: 'chat-1', from: 'member-1', msgType, date: '2024-06-20', ts: TS, msgId: '82', isSend: '0', ...fields };
}

function decode(msgType: string, fields: Record<string, unknown> = {}) {
  const message = decodeMoorMessage(row(msgType, fields));
  // Whatever the decoder produces must be valid against the unified model.
  expect(MessageContent.safeParse(message.content).success).toBe(true);
  return message;
}

const json = (value: unknown) => JSON.stringify(value);

describe('decodeMoorMessage: the row', () => {
  it('maps ids, chat, direction, sender and time; raw is the row as JSON', () => {
    const input = row('101', { msg: '你好', isSend: '1' });
    expect(decodeMoorMessage(input)).toEqual({
      vendorMsgId: 'm-101',
      conversationKey: 'chat-1',
      conversationKind: 'direct',
      direction: 'out',
      sentAt: TS * 1000,
      content: { kind: 'text', body: { text: '你好' } },
      text: '你好',
      senderId: 'member-1',
      raw: JSON.stringify(input),
    });
  });

  it('reads ts in seconds or milliseconds, as number or string, and falls back to the date', () => {
    expect(decode('101', { msg: 'a', ts: TS * 1000 + 123 }).sentAt).toBe(TS * 1000 + 123);
    expect(decode('101', { msg: 'a', ts: String(TS) }).sentAt).toBe(TS * 1000);
    expect(decode('101', { msg: 'a', ts: undefined }).sentAt).toBe(Date.UTC(2024, 5, 19, 16));
  });

  it('takes the conversation kind from the caller, else from group-only types', () => {
    expect(decodeMoorMessage(row('101', { msg: 'a' }), { conversationKindOf: () => 'group' }).conversationKind).toBe('group');
    expect(decode('110', { msg: '"张三"修改群名为“售后群”' }).conversationKind).toBe('group');
  });

  it('keeps an id when the row has no `id`: msgSvrId, then chat + msgId, then a stable hash', () => {
    expect(decode('101', { id: undefined, msgSvrId: '9046641001935868169', msg: 'a' }).vendorMsgId).toBe('9046641001935868169');
    expect(decode('101', { id: undefined, msg: 'a' }).vendorMsgId).toBe('chat-1:82');
    const a = decodeMoorMessage({ chatId: 'c', msg: 'x', msgType: '101' });
    const b = decodeMoorMessage({ chatId: 'c', msg: 'x', msgType: '101' });
    expect(a.vendorMsgId).toMatch(/^h[0-9a-f]{16}$/);
    expect(a.vendorMsgId).toBe(b.vendorMsgId);
  });

  it('a row that is not an object is an unknown message, raw kept', () => {
    expect(decodeMoorMessage('garbage')).toMatchObject({ content: { kind: 'unknown', body: { reason: 'the row is not an object' } }, raw: '"garbage"' });
    expect(decodeMoorMessage(null).content.kind).toBe('unknown');
  });
});

describe('decodeMoorMessage: 7moor types 101–115', () => {
  it('101 text keeps a leading newline in the body, trims it for search', () => {
    const m = decode('101', { msg: '\n真的是好难约噢' });
    expect(m.content).toEqual({ kind: 'text', body: { text: '\n真的是好难约噢' } });
    expect(m.text).toBe('真的是好难约噢');
    expect(decode('101', { msg: json({ msg: '这是文本' }) }).content).toEqual({ kind: 'text', body: { text: '这是文本' } });
    expect(decode('101', { msg: '[抓狂]' }).text).toBe('[抓狂]');
  });

  it('102 image from bigImgPath / thumbImgPath, in the row or in msg', () => {
    const big = 'https://wpfile.7moor.com/wechat/img/a.jpg';
    const thumb = 'https://wpfile.7moor.com/wechat/thumb/a.jpg';
    expect(decode('102', { bigImgPath: big, thumbImgPath: thumb })).toMatchObject({ content: { kind: 'image', body: { url: big, thumbUrl: thumb } }, text: '[图片]' });
    expect(decode('102', { msg: json({ bigImgPath: 'test_big.jpg', thumbImgPath: 'test_thumb.jpg' }) }).content).toEqual({
      kind: 'image',
      body: { key: 'test_big.jpg', thumbUrl: 'test_thumb.jpg' },
    });
    expect(decode('102', { bigImgPath: 'cf-wechat.oss-cn-hangzhou.aliyuncs.com/img/b.jpg' }).content).toEqual({
      kind: 'image',
      body: { url: 'https://cf-wechat.oss-cn-hangzhou.aliyuncs.com/img/b.jpg' },
    });
  });

  it('103 voice is the thumbImgPath (doc: 语音消息)', () => {
    expect(decode('103', { thumbImgPath: 'https://f.7moor.com/v/1.amr' })).toMatchObject({ content: { kind: 'voice', body: { url: 'https://f.7moor.com/v/1.amr' } }, text: '[语音]' });
  });

  it('104 video: bigImgPath is the video, thumbImgPath its cover', () => {
    expect(decode('104', { bigImgPath: 'https://f.7moor.com/v.mp4', thumbImgPath: 'https://f.7moor.com/c.jpg' })).toMatchObject({
      content: { kind: 'video', body: { url: 'https://f.7moor.com/v.mp4', thumbUrl: 'https://f.7moor.com/c.jpg' } },
      text: '[视频]',
    });
  });

  it('105 card: official account (gh_) or personal', () => {
    const official = decode('105', { msg: json({ nickName: '一块二包邮', wxNo: 'gh_66cc2df58915', bigHeadImgUrl: 'http://x/0', smallHeadImgUrl: 'http://x/96' }) });
    expect(official.content).toEqual({ kind: 'card', body: { cardType: 'official', nickname: '一块二包邮', wxNo: 'gh_66cc2df58915', avatarUrl: 'http://x/0' } });
    expect(official.text).toBe('[名片] 一块二包邮');
    expect(decode('105', { msg: json({ nickName: '李娜', wxNo: 'wxid_abc' }) }).content).toMatchObject({ body: { cardType: 'personal' } });
  });

  it('106 location: log is the longitude, strings become numbers', () => {
    const m = decode('106', { msg: json({ log: '104.062881', lat: '30.554096', address: '蜀都中心二期', wxNo: 'wxid_1' }) });
    expect(m.content).toEqual({ kind: 'location', body: { lat: 30.554096, lng: 104.062881, address: '蜀都中心二期' } });
    expect(m.text).toBe('[位置] 蜀都中心二期');
  });

  it.each([
    ['33', 'miniProgram', { title: '商城', url: 'https://a' }, '[小程序] 商城'],
    ['5', 'link', { title: '产品手册', description: '最新价格', url: 'https://a' }, '[链接] 产品手册'],
    ['6', 'file', { name: '报价单.xlsx', url: 'https://a' }, '[文件] 报价单.xlsx'],
    ['19', 'chatRecord', { title: '聊天记录', description: '最新价格', url: 'https://a', items: '详情' }, '[聊天记录] 聊天记录'],
    ['77', 'link', { title: '新类型', description: '最新价格', url: 'https://a' }, '[链接] 新类型'],
  ])('107 type %s → %s', (type, kind, body, text) => {
    const title = 'name' in body ? body.name : body.title;
    const m = decode('107', { msg: json({ title, des: kind === 'miniProgram' || kind === 'file' ? '' : '最新价格', type, showtrueype: '0', url: 'https://a', recordItem: type === '19' ? '详情' : '' }) });
    expect(m.content).toEqual({ kind, body });
    expect(m.text).toBe(text);
  });

  it.each([
    [1, 'redPacket', 'H.Note领取了你的红包'],
    [2, 'normal', '位置共享已经结束'],
    [3, 'unknown', '"A手机维修二手买卖" 撤回了一条消息'],
  ])('108 system type %i → subtype %s', (type, subtype, content) => {
    const m = decode('108', { msg: json({ content, payId: '', msgIsSend: '', type }) });
    expect(m.content).toEqual({ kind: 'system', body: { text: content, subtype } });
    expect(m.text).toBe(content);
  });

  it('109 recall: the garbled `test`/`timestrueamp` and the real `text`/`timestamp` alike', () => {
    const garbled = decode('109', { msg: json({ test: '你撤回了一条消息', timestrueamp: '1560150444638', preContent: '这是第三条消息', link: { text: '重新编辑' } }) });
    const real = decode('109', { msg: json({ text: '你撤回了一条消息', timestamp: 1560150444638, preContent: '这是第三条消息' }) });
    const expected = { kind: 'recall', body: { text: '你撤回了一条消息', originalText: '这是第三条消息', recalledAt: 1560150444638 } };
    expect(garbled.content).toEqual(expected);
    expect(real.content).toEqual(expected);
    expect(garbled.text).toBe('你撤回了一条消息');
  });

  it('110 group system: a plain string, JSON {msg}, or the doc\'s backtick form', () => {
    const text = '"名字"邀请"余林🐑"加入了群聊';
    for (const msg of [text, json({ msg: text }), `{\n"msg": \`${text}\`\n}`]) {
      expect(decode('110', { msg }).content).toEqual({ kind: 'system', body: { text, subtype: 'group' } });
    }
  });

  it('111 SEMI_XML: a link when it has a title or URL, else unknown', () => {
    const m = decode('111', { msg: '<msg><appmsg><title>直播预告</title><des>今晚8点</des><url>https://mp.weixin.qq.com/s/x?a=1&amp;b=2</url></appmsg></msg>' });
    expect(m.content).toEqual({ kind: 'link', body: { title: '直播预告', description: '今晚8点', url: 'https://mp.weixin.qq.com/s/x?a=1&b=2' } });
    expect(decode('111', { msg: '<msg><foo/></msg>' }).content).toEqual({ kind: 'unknown', body: { reason: 'SEMI_XML message (111) without a title or a link', vendorType: '111' } });
  });

  it('112 red packet: m7Type 0 unopened, 1 opened; the title the agent saw', () => {
    const body = (m7: string) => ({
      des: '我给你发了一个红包，赶紧去拆!',
      url: 'https://wxapp.tenpay.com/hb',
      type: '2001',
      title: '微信红包',
      wcPayInfo: { receivertrueitle: '恭喜发财', sendertrueitle: '大吉大利', sceneId: '1002', payMsgId: '100003950', m7trueype: m7 },
    });
    const unopened = decode('112', { msg: json(body('0')) });
    expect(unopened.content).toEqual({
      kind: 'redPacket',
      body: { title: '恭喜发财', description: '我给你发了一个红包，赶紧去拆!', status: 'unopened', payMsgId: '100003950', url: 'https://wxapp.tenpay.com/hb' },
    });
    expect(unopened.text).toBe('[红包] 恭喜发财');
    const sent = decode('112', { msg: json(body('1')), isSend: '1' });
    expect(sent.content).toMatchObject({ body: { status: 'opened', title: '大吉大利' } });
    expect(decode('112', { msg: json({ ...body('0'), wcPayInfo: { m7Type: '1', receiverTitle: '真名' } }) }).content).toMatchObject({ body: { status: 'opened', title: '真名' } });
  });

  it('113 group collection: receiverList and payerList parsed', () => {
    const m = decode('113', {
      msg: json({
        title: '',
        wcPayInfo: {
          receivertrueitle: '活动账单',
          receiverDes: '每人需支付0.02元',
          sceneId: '1001',
          newAa: { billNo: 'bill-1', receiverList: 'wxid_a,2,3,1', payerList: 'wxid_b,2,2|wxid_c,2,1|wxid_d,200,1' },
          m7trueype: '0',
        },
      }),
    });
    expect(m.content).toEqual({
      kind: 'groupCollection',
      body: {
        title: '活动账单',
        description: '每人需支付0.02元',
        initiatorWxNo: 'wxid_a',
        collectionStatus: 'partial',
        participants: 3,
        paidCount: 1,
        payers: [
          { wxNo: 'wxid_b', amountFen: 2, paid: true },
          { wxNo: 'wxid_c', amountFen: 2, paid: false },
          { wxNo: 'wxid_d', amountFen: 200, paid: false },
        ],
        payId: 'bill-1',
      },
    });
    expect(m.text).toBe('[群收款] 活动账单 每人需支付0.02元');
  });

  it('114 reminder: a group collection with payId, else a system line', () => {
    const m = decode('114', { msg: json({ content: '@菜头\n你有一笔未支付的群收款', payId: 'pay-1' }) });
    expect(m.content).toEqual({ kind: 'groupCollection', body: { description: '@菜头\n你有一笔未支付的群收款', collectionStatus: 'unknown', payId: 'pay-1' } });
    expect(m.text).toBe('[群收款提醒] @菜头\n你有一笔未支付的群收款');
    expect(decode('114', { msg: json({ content: '群收款已完成', payId: '' }) }).content).toEqual({ kind: 'system', body: { text: '群收款已完成', subtype: 'groupCollectionReminder' } });
  });

  it.each([
    ['1', '0', 'pending', '待收款'],
    ['1', '1', 'accepted', '已被领取'],
    ['3', '2', 'received', '已收款'],
    ['4', '3', 'returned', '已退还'],
    ['5', '4', 'receivedPending', '已收款待入账'],
    ['7', '', 'pending', '待收款'],
    ['4', '', 'returned', '已退还'],
  ])('115 transfer paySubType %s m7Type %s → %s', (paySubType, m7Type, status, word) => {
    const m = decode('115', { msg: json({ des: '收到转账0.01元', type: '2000', wcPayInfo: { paySubtrueype: paySubType, feeDesc: '¥0.01', transferId: 't-1', payMemo: '', m7trueype: m7Type } }) });
    expect(m.content).toEqual({ kind: 'transfer', body: { amount: '¥0.01', paySubType, status, transferId: 't-1', description: '收到转账0.01元' } });
    expect(m.text).toBe(`[转账] ¥0.01 ${word}`);
  });

  it('115 with a memo puts it in the searchable text', () => {
    expect(decode('115', { msg: json({ wcPayInfo: { paySubType: '1', m7Type: '0', feeDesc: '¥20.00', payMemo: '货款' } }) }).text).toBe('[转账] ¥20.00 待收款 货款');
  });
});

describe('decodeMoorMessage: WeChat raw type numbers', () => {
  it('1 text, 3 image, 34 voice, 43 video', () => {
    expect(decode('1', { msg: '\n真的是好难约噢' }).content).toEqual({ kind: 'text', body: { text: '\n真的是好难约噢' } });
    expect(decode('3', { bigImgPath: 'https://a/b.jpg' }).content.kind).toBe('image');
    expect(decode('34', { thumbImgPath: 'https://a/b.amr' }).content.kind).toBe('voice');
    expect(decode('43', { bigImgPath: 'https://a/b.mp4' }).content.kind).toBe('video');
  });

  it('42 card and 48 location from WeChat XML', () => {
    const card = decode('42', { msg: '<?xml version="1.0"?><msg bigheadimgurl="http://h/0" username="wxid_x" nickname="张三&amp;李四" alias="zs123" />' });
    expect(card.content).toEqual({ kind: 'card', body: { cardType: 'personal', nickname: '张三&李四', wxNo: 'zs123', avatarUrl: 'http://h/0' } });
    const place = decode('48', { msg: '<msg><location x="30.554096" y="104.062881" scale="15" label="成都市武侯区" poiname="蜀都中心" /></msg>' });
    expect(place.content).toEqual({ kind: 'location', body: { lat: 30.554096, lng: 104.062881, title: '蜀都中心', address: '成都市武侯区' } });
  });

  it('49 app messages from XML: link, file, mini program, transfer', () => {
    const link = decode('49', { msg: '<msg><appmsg><title><![CDATA[新品发布]]></title><des>点击查看</des><type>5</type><url>https://a/b</url></appmsg></msg>' });
    expect(link.content).toEqual({ kind: 'link', body: { title: '新品发布', description: '点击查看', url: 'https://a/b' } });
    expect(decode('49', { msg: '<msg><appmsg><title>合同.pdf</title><type>6</type><appattach><totallen>2048</totallen></appattach></appmsg></msg>' }).content).toEqual({
      kind: 'file',
      body: { name: '合同.pdf', sizeBytes: 2048 },
    });
    expect(decode('49', { msg: '<msg><appmsg><title>秒杀</title><type>33</type><sourcedisplayname>优选商城</sourcedisplayname></appmsg></msg>' }).content).toEqual({
      kind: 'miniProgram',
      body: { title: '秒杀', appName: '优选商城' },
    });
    expect(decode('49', { msg: json({ type: '2000', wcPayInfo: { paySubType: '3', m7Type: '2', feeDesc: '¥5.00' } }) }).text).toBe('[转账] ¥5.00 已收款');
  });

  it('10000 system and 10002 recall', () => {
    expect(decode('10000', { msg: '你已添加了王芳，现在可以开始聊天了。' }).content).toEqual({ kind: 'system', body: { text: '你已添加了王芳，现在可以开始聊天了。' } });
    const recall = decode('10002', { msg: '<sysmsg type="revokemsg"><revokemsg><session>wxid_a</session><replacemsg><![CDATA["王芳" 撤回了一条消息]]></replacemsg></revokemsg></sysmsg>' });
    expect(recall.content).toEqual({ kind: 'recall', body: { text: '"王芳" 撤回了一条消息' } });
  });
});

describe('decodeMoorMessage: what cannot be decoded stays, as unknown', () => {
  it.each(['105', '106', '107', '112', '113', '115'])('%s with a body that is not JSON', (type) => {
    const m = decode(type, { msg: '{not json' });
    expect(m.content.kind).toBe('unknown');
    expect(m.content.body).toMatchObject({ vendorType: type });
    expect(m.text).toBe('[暂不支持的消息]');
    expect(m.raw).toContain('{not json');
  });

  it('an undocumented msgType', () => {
    expect(decode('999', { msg: 'x' }).content).toEqual({ kind: 'unknown', body: { reason: 'msgType 999 is not a type 7moor documents', vendorType: '999' } });
    expect(decode('', {}).content.kind).toBe('unknown');
  });

  it('never throws, whatever the fields hold', () => {
    const odd: unknown[] = [null, 0, -1, 'x', '{}', '{"wcPayInfo":"{bad"}', [], [1, 2], { a: { b: null } }, true, '<x', 1e308, 'null'];
    for (const msgType of ['1', '3', '34', '42', '43', '47', '48', '49', '50', '62', '10000', '10002', ...Array.from({ length: 15 }, (_, i) => String(101 + i))]) {
      for (const value of odd) {
        for (const key of ['msg', 'ts', 'isSend', 'bigImgPath', 'thumbImgPath', 'id', 'chatId']) {
          expect(() => decodeMoorMessage(row(msgType, { [key]: value }))).not.toThrow();
        }
      }
    }
  });
});
