import { readFileSync } from 'node:fs';
import { MessageContent } from '@shared/model';
import { describe, expect, it } from 'vitest';
import { chinaLocalToEpochMs, decodeZhugeRow, zhugeConversationKey, type ZhugeDecodeContext } from './decoder';
import { zhugeRandStr, signZhugeRequest } from './sign';
import { parseZhugeJson, ZhugeEnvelope, ZhugeHistoryData, ZhugeLatestData } from './wire';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ctx: ZhugeDecodeContext = { customerId: 1, radarUserId: 1, receivedAt: 1_700_000_000_000, mediaBaseUrl: 'https://radar.example.com' };

function row(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    customer_id: 7,
    user_id: 3,
    customer: 'ต้น 阿东',
    customer_headimgurl: 'https://wx.qlogo.cn/mmopen/vi_32/abc/132',
    dateTime: '2024-05-18T20:30:11.250',
    send_type: 2,
    is_first_info: false,
    ...extra,
  };
}

describe('China-local times', () => {
  it('reads the doc dateTime as China time: 15:18:01.548 local is 46 ms after the request timestamp 1537514281502', () => {
    expect(chinaLocalToEpochMs('2018-09-21T15:18:01.548')).toBe(1_537_514_281_548);
    expect(chinaLocalToEpochMs('2018-09-21T15:18:01.548')! - 1_537_514_281_502).toBe(46);
    expect(new Date(chinaLocalToEpochMs('2018-09-21T15:18:01.548')!).toISOString()).toBe('2018-09-21T07:18:01.548Z');
  });

  it('accepts the forms Django and people write: no fraction, microseconds, a space, an explicit zone', () => {
    expect(chinaLocalToEpochMs('2018-09-21T15:18:01')).toBe(Date.UTC(2018, 8, 21, 7, 18, 1));
    expect(chinaLocalToEpochMs('2018-09-21 15:18:01.548123')).toBe(1_537_514_281_548);
    expect(chinaLocalToEpochMs('2018-09-21T07:18:01.548Z')).toBe(1_537_514_281_548);
    expect(chinaLocalToEpochMs('2018-09-21T15:18:01.548+08:00')).toBe(1_537_514_281_548);
    expect(chinaLocalToEpochMs('2018-09-21T00:30:00')).toBe(Date.UTC(2018, 8, 20, 16, 30));
    expect(chinaLocalToEpochMs(1_537_514_281)).toBe(1_537_514_281_000);
    expect(chinaLocalToEpochMs('昨天')).toBeUndefined();
    expect(chinaLocalToEpochMs(undefined)).toBeUndefined();
  });
});

describe('signature', () => {
  it('is md5(timestamp + token) in lower-case hex, the timestamp in milliseconds', () => {
    // Reference value computed with Python: hashlib.md5(('1537514281502' + token).encode()).hexdigest()
    expect(zhugeRandStr(1_537_514_281_502, 'f0e1d2c3b4a5968778695a4b3c2d1e0f')).toBe('565498a7405d10bb9b0a3c682d80c90f');
    expect(signZhugeRequest('f0e1d2c3b4a5968778695a4b3c2d1e0f', 1_537_514_281_502.9)).toEqual({
      timestamp: 1_537_514_281_502,
      rand_str: '565498a7405d10bb9b0a3c682d80c90f',
    });
  });
});

describe('info_type decoding', () => {
  it('1: text and emoji, customer to agent', () => {
    const m = decodeZhugeRow(row({ info_type: 1, msg: '你好[微笑]😊 สวัสดี' }), ctx);
    expect(m.content).toEqual({ kind: 'text', body: { text: '你好[微笑]😊 สวัสดี' } });
    expect(m.text).toBe('你好[微笑]😊 สวัสดี');
    expect(m.direction).toBe('in');
    expect(m.senderName).toBe('ต้น 阿东');
    expect(m.senderId).toBe('7');
    expect(m.peerName).toBe('ต้น 阿东');
    expect(m.peerAvatarUrl).toBe('https://wx.qlogo.cn/mmopen/vi_32/abc/132');
    expect(m.conversationKey).toBe('3:7');
    expect(m.conversationKind).toBe('direct');
    expect(m.sentAt).toBe(Date.UTC(2024, 4, 18, 12, 30, 11, 250));
  });

  it('send_type 1 is the agent writing to the customer', () => {
    const m = decodeZhugeRow(row({ send_type: 1, info_type: 1, msg: '好的' }), ctx);
    expect(m.direction).toBe('out');
    expect(m.senderId).toBe('3');
    expect(m.senderName).toBeUndefined();
    expect(m.peerName).toBe('ต้น 阿东');
  });

  it('2: a product consultation becomes a link card with title, price and the cover resolved against the base URL', () => {
    const m = decodeZhugeRow(
      row({
        info_type: 2,
        product_cover_url: 'statics/zhugeleida/imgs/chat/2d49ecd2-9180-11e8-a32d-8e2edea1cc9c.png',
        product_name: '产品名字',
        product_price: '产品价格',
      }),
      ctx,
    );
    expect(m.content).toEqual({
      kind: 'link',
      body: {
        title: '产品名字',
        price: '产品价格',
        thumbUrl: 'https://radar.example.com/statics/zhugeleida/imgs/chat/2d49ecd2-9180-11e8-a32d-8e2edea1cc9c.png',
        description: '产品咨询',
      },
    });
    expect(m.text).toBe('[产品咨询] 产品名字 产品价格');
  });

  it('3: the phone / WeChat request is a system line whose subtype says what was asked', () => {
    const phone = decodeZhugeRow(row({ send_type: 1, info_type: 3, msg: '您好,请问能否告诉我您的手机号?' }), ctx);
    expect(phone.content).toEqual({ kind: 'system', body: { text: '您好,请问能否告诉我您的手机号?', subtype: 'phoneRequest' } });
    expect(phone.text).toBe('您好,请问能否告诉我您的手机号?');
    expect(phone.direction).toBe('out');
    const wechat = decodeZhugeRow(row({ send_type: 1, info_type: 3, msg: '您好,请问能否加下您的微信?' }), ctx);
    expect(wechat.content).toMatchObject({ kind: 'system', body: { subtype: 'wechatRequest' } });
    // The doc's own example offers both sentences at once.
    const both = decodeZhugeRow(row({ info_type: '3', msg: '您好,请问能否告诉我您的手机号?|您好,请问能否加下您的微信?' }), ctx);
    expect(both.content).toMatchObject({ kind: 'system', body: { subtype: 'contactRequest' } });
  });

  it('4: an image keeps the server path as key and a full URL; absolute URLs stay as they are', () => {
    const m = decodeZhugeRow(row({ info_type: 4, url: 'statics/zhugeleida/imgs/qiyeweixin/chat/customer_7_user_3.jpg' }), ctx);
    expect(m.content).toEqual({
      kind: 'image',
      body: {
        url: 'https://radar.example.com/statics/zhugeleida/imgs/qiyeweixin/chat/customer_7_user_3.jpg',
        key: 'statics/zhugeleida/imgs/qiyeweixin/chat/customer_7_user_3.jpg',
      },
    });
    expect(m.text).toBe('[图片]');
    const absolute = decodeZhugeRow(row({ info_type: 4, msg: 'https://cdn.example.com/a.png' }), { ...ctx, mediaBaseUrl: undefined });
    expect(absolute.content).toEqual({ kind: 'image', body: { url: 'https://cdn.example.com/a.png' } });
    const noBase = decodeZhugeRow(row({ info_type: 4, url: 'statics/x.png' }), { customerId: 1, radarUserId: 1, receivedAt: 0 });
    expect(noBase.content).toEqual({ kind: 'image', body: { key: 'statics/x.png' } });
  });

  it('5: a video; an audio file under 5 is the customer\'s WeChat voice note the backend converted to mp3', () => {
    const video = decodeZhugeRow(row({ send_type: 1, info_type: 5, url: 'statics/zhugeleida/video/chat/demo.mp4' }), ctx);
    expect(video.content).toEqual({
      kind: 'video',
      body: { url: 'https://radar.example.com/statics/zhugeleida/video/chat/demo.mp4', key: 'statics/zhugeleida/video/chat/demo.mp4' },
    });
    expect(video.text).toBe('[视频]');
    const voice = decodeZhugeRow(row({ info_type: 5, url: 'statics/zhugeleida/voice/gongzhonghao/customer_7_user_3.mp3' }), ctx);
    expect(voice.content.kind).toBe('voice');
    expect(voice.text).toBe('[语音]');
  });

  it('6 (backend only): the mall entry becomes a mini-program card', () => {
    const m = decodeZhugeRow(row({ send_type: 1, info_type: 6, msg: '官方商城，可点击进入购买' }), ctx);
    expect(m.content).toEqual({ kind: 'miniProgram', body: { title: '官方商城，可点击进入购买', appName: '官方商城' } });
  });

  it('send_type 3 is the server\'s tip line', () => {
    const m = decodeZhugeRow(row({ send_type: 3, info_type: 1, msg: '温馨提示：顾问会尽快回复' }), ctx);
    expect(m.content).toEqual({ kind: 'system', body: { text: '温馨提示：顾问会尽快回复', subtype: 'tip' } });
  });

  it('anything else becomes unknown with the raw row kept, never a throw', () => {
    const cases: unknown[] = [
      row({ info_type: 9, msg: 'x' }),
      row({ info_type: 1 }),
      row({ info_type: 4 }),
      row({ info_type: 5 }),
      row({}),
      row({ send_type: 4, info_type: 1, msg: 'x' }),
      row({ send_type: 3 }),
      row({ info_type: { nested: true }, msg: ['x'], dateTime: null, customer_id: 'abc' }),
      null,
      'just text',
      42,
      [1, 2],
    ];
    for (const input of cases) {
      const m = decodeZhugeRow(input, ctx);
      expect(m.content.kind).toBe('unknown');
      expect(MessageContent.safeParse(m.content).success).toBe(true);
      expect(m.raw).toBe(JSON.stringify(input));
      expect(m.vendorMsgId).toMatch(/^zg-/);
    }
    const junk = decodeZhugeRow(null, ctx);
    expect(junk.conversationKey).toBe('1:1');
    expect(junk.sentAt).toBe(ctx.receivedAt);
  });

  it('an unreadable dateTime keeps the content and uses the time the page arrived', () => {
    const m = decodeZhugeRow(row({ info_type: 1, msg: '在吗', dateTime: 'soon' }), ctx);
    expect(m.content.kind).toBe('text');
    expect(m.sentAt).toBe(ctx.receivedAt);
  });

  it('every decoded body satisfies the unified schema', () => {
    for (const extra of [
      { info_type: 1, msg: 'a' },
      { info_type: 2, product_name: 'p', product_price: '1', product_cover_url: 'statics/c.png' },
      { info_type: 3, msg: '手机' },
      { info_type: 4, url: 'statics/a.png' },
      { info_type: 5, url: 'statics/a.mp4' },
      { info_type: 5, url: 'statics/a.amr' },
      { info_type: 6, msg: 'mall' },
    ]) {
      expect(MessageContent.safeParse(decodeZhugeRow(row(extra), ctx).content).success).toBe(true);
    }
  });
});

describe('derived message ids', () => {
  it('are equal for the same row read through getmsg (user_avator) and the history (user_avatar, from_user_name, is_first_info)', () => {
    const latest = decodeZhugeRow(row({ user_avator: 'http://a/1', info_type: 1, msg: '你好' }), ctx);
    const history = decodeZhugeRow(row({ user_avatar: 'http://a/2', from_user_name: 'x', is_first_info: true, info_type: 1, msg: '你好' }), ctx);
    expect(latest.vendorMsgId).toBe(history.vendorMsgId);
  });

  it('differ by time, direction, content and conversation; identical messages in the same millisecond collapse', () => {
    const base = decodeZhugeRow(row({ info_type: 1, msg: '你好' }), ctx).vendorMsgId;
    expect(decodeZhugeRow(row({ info_type: 1, msg: '你好', dateTime: '2024-05-18T20:30:11.251' }), ctx).vendorMsgId).not.toBe(base);
    expect(decodeZhugeRow(row({ info_type: 1, msg: '你好', send_type: 1 }), ctx).vendorMsgId).not.toBe(base);
    expect(decodeZhugeRow(row({ info_type: 1, msg: '您好' }), ctx).vendorMsgId).not.toBe(base);
    expect(decodeZhugeRow(row({ info_type: 1, msg: '你好', customer_id: 8 }), ctx).vendorMsgId).not.toBe(base);
    expect(decodeZhugeRow(row({ info_type: 1, msg: '你好' }), ctx).vendorMsgId).toBe(base);
    // Same instant written two ways is the same message.
    expect(decodeZhugeRow(row({ info_type: 1, msg: '你好', dateTime: '2024-05-18 20:30:11.250' }), ctx).vendorMsgId).toBe(base);
  });

  it('conversation keys are radar user : customer', () => {
    expect(zhugeConversationKey(1, 42)).toBe('1:42');
  });
});

describe("the doc's example responses", () => {
  it('getmsg: the lone backslash in "文字\\表情" is not JSON; it is read as the literal backslash the author meant', () => {
    const text = fixture('doc-getmsg-response.txt');
    expect(() => JSON.parse(text)).toThrow();
    const parsed = parseZhugeJson(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const env = ZhugeEnvelope.parse(parsed.value);
    expect(env.code).toBe(200);
    const data = ZhugeLatestData.parse(env.data);
    expect(data.data_count).toBe(1);
    const [m] = data.ret_data.map((r) => decodeZhugeRow(r, ctx));
    expect(m).toMatchObject({
      conversationKey: '1:1',
      direction: 'in',
      sentAt: 1_537_514_281_548,
      content: { kind: 'text', body: { text: '这个信息是文字\\表情' } },
      senderName: '_zzz จุ๊บ',
      peerAvatarUrl: 'https://wx.qlogo.cn/mmopen/vi_32/DYAIOgq83epcPbQBxqzSu2qXqWuCrodTSbvlBmqJuOF1OIuMp46k9SSUvCCWZCF8Nj28TCe17NwoAib2lq14bAA/132',
    });
  });

  it('paged history: the same row, the agent card (mingpian_phone, wechat) and data_count', () => {
    const parsed = parseZhugeJson(fixture('doc-chat-response.txt'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const data = ZhugeHistoryData.parse(ZhugeEnvelope.parse(parsed.value).data);
    expect(data.mingpian_phone).toBe('18932674288');
    expect(data.wechat).toBe('18866554433');
    expect(data.data_count).toBe(1);
    const [m] = data.ret_data.map((r) => decodeZhugeRow(r, ctx));
    expect(m?.content).toEqual({ kind: 'text', body: { text: '这个信息是文字\\表情' } });
    expect(m?.sentAt).toBe(1_537_514_281_548);
    // getmsg and the history describe the same stored row: one id.
    const latest = parseZhugeJson(fixture('doc-getmsg-response.txt'));
    if (!latest.ok) throw new Error('fixture');
    const latestRow = ZhugeLatestData.parse(ZhugeEnvelope.parse(latest.value).data).ret_data[0];
    expect(decodeZhugeRow(latestRow, ctx).vendorMsgId).toBe(m?.vendorMsgId);
  });

  it('send_msg answers a plain envelope', () => {
    const parsed = parseZhugeJson(fixture('doc-send-msg-response.txt'));
    expect(parsed).toEqual({ ok: true, value: { code: 200, msg: 'send msg successful', data: {} } });
  });

  it('query_num: the doc wraps the object in an extra brace, which no server sends; only the real form is accepted', () => {
    expect(parseZhugeJson(fixture('doc-query-num-response.txt'))).toEqual({ ok: false });
    const real = parseZhugeJson(fixture('query-num-real-response.json'));
    expect(real.ok && ZhugeEnvelope.parse(real.value)).toMatchObject({ code: 200, data: { chatinfo_count: 1 } });
  });

  it('the repair leaves valid escapes alone and does not touch well-formed JSON', () => {
    expect(parseZhugeJson('{"a":"x\\\\表"}')).toEqual({ ok: true, value: { a: 'x\\表' } });
    expect(parseZhugeJson('{"a":"\\u4f60\\n"}')).toEqual({ ok: true, value: { a: '你\n' } });
    expect(parseZhugeJson('{"a":')).toEqual({ ok: false });
  });
});
