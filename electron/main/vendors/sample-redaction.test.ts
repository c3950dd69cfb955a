import { describe, expect, it } from 'vitest';
import { forgetSecretForRedaction, registerSecretForRedaction } from '../log/logger';
import { capSample, isSecretKey, redactSample, scrubSecrets } from './sample-redaction';

const parse = (text: string) => JSON.parse(text) as Record<string, unknown>;
const redacted = (value: unknown) => parse(redactSample(JSON.stringify(value)));

describe('scrubSecrets (before a sample is stored)', () => {
  it('replaces every value under a secret-looking key, whatever its type, and keeps the rest as received', () => {
    const answer = {
      code: 1,
      data: { accessToken: ['tok-array-0123456789'], refreshToken: { value: 'rt-obj-0123456789' }, access_token: 'at-0123456789', expires: 7200 },
      clientSecret: 'cs-0123456789',
      Authorization: 'Bearer bearer-0123456789',
      rand_str: 'c0ffee0123456789',
      password: 'pw-0123456789',
      sign: 'sig-0123456789',
      nickName: '张三',
    };
    const out = scrubSecrets(JSON.stringify(answer));
    for (const secret of ['tok-array', 'rt-obj', 'at-0123', 'cs-0123', 'bearer-0123', 'c0ffee', 'pw-0123', 'sig-0123']) expect(out).not.toContain(secret);
    expect(parse(out)).toMatchObject({ code: 1, data: { accessToken: '***', refreshToken: '***', access_token: '***', expires: 7200 }, nickName: '张三' });
  });

  it('finds secrets in JSON inside a string, in query strings and header lines of text that is not JSON', () => {
    const nested = JSON.stringify({ msg: JSON.stringify({ token: 'inner-token-0123456789', text: 'hi' }) });
    expect(scrubSecrets(nested)).not.toContain('inner-token');
    expect(JSON.parse(parse(scrubSecrets(nested)).msg as string)).toEqual({ token: '***', text: 'hi' });
    const html = '<html>redirect to https://x.example/cb?accessToken=query-token-0123&page=2 Authorization: Bearer header-token-0123</html>';
    const out = scrubSecrets(html);
    expect(out).not.toContain('query-token');
    expect(out).not.toContain('header-token');
    expect(out).toContain('page=2');
  });

  it('removes every secret the app knows, wherever it appears, even under an innocent name', () => {
    const token = 'known-secret-value-9f8e7d6c';
    registerSecretForRedaction(token);
    try {
      const out = scrubSecrets(JSON.stringify({ note: `echo ${token} back`, list: [token] }));
      expect(out).not.toContain(token);
      expect(redactSample(`plain text ${token}`)).not.toContain(token);
    } finally {
      forgetSecretForRedaction(token);
    }
  });

  it('leaves a payload without secrets byte for byte as received', () => {
    const raw = '{ "msgType" : "999",  "msg":"{\\"a\\":1}" }';
    expect(scrubSecrets(raw)).toBe(raw);
  });

  it('knows the secret names of every vendor and nothing that is only a key of a record', () => {
    for (const key of ['accessToken', 'access_token', 'refreshToken', 'token', 'clientSecret', 'client_secret', 'password', 'pwd', 'Authorization', 'rand_str', 'sign', 'signature', 'apiKey', 'cookie', 'sessionId']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['downloadKey', 'fansKey', 'TakeOverKey', 'msgType', 'nickName', 'designer', 'note']) expect(isSecretKey(key), key).toBe(false);
  });
});

describe('capSample', () => {
  it('keeps short samples whole and says how much of a long one was left out, never splitting a character', () => {
    expect(capSample('abc', 10)).toBe('abc');
    expect(capSample('a'.repeat(30), 10)).toBe(`${'a'.repeat(10)}… [20 more characters]`);
    const emoji = `${'a'.repeat(9)}😀tail`;
    expect(capSample(emoji, 10)).toBe(`${'a'.repeat(9)}… [${emoji.length - 9} more characters]`);
  });
});

describe('redactSample (what a user may paste into a bug report)', () => {
  it('keeps every key and every JSON type, and the unknown type code', () => {
    const out = redacted({ msgType: '999', ad_chatting_sate: 9999, info_type: 7, send_type: 2, isSend: '1', flag: true, nothing: null, list: [1, 2], nested: { a: { b: [] } }, empty: '' });
    expect(out).toEqual({ msgType: '999', ad_chatting_sate: 9999, info_type: 7, send_type: 2, isSend: '1', flag: true, nothing: null, list: [1, 2], nested: { a: { b: [] } }, empty: '' });
  });

  it('masks phone numbers but keeps their shape, as text and as numbers', () => {
    const out = redacted({
      contactTel: '13812345678',
      spaced: '+86 138-1234-5678',
      intl: '0086 13912345678',
      asNumber: 13812345678,
      landline: '010-62345678',
      inText: '王姐 13912345678 微信同号',
    });
    expect(out).toEqual({
      contactTel: '138****5678',
      spaced: '+86 138-****-5678',
      intl: '0086 139****5678',
      asNumber: 13800005678,
      landline: '010-****5678',
      inText: '** 139****5678 ****',
    });
  });

  it('masks names, WeChat ids and free text, keeping the affixes decoders branch on', () => {
    const out = redacted({
      nickName: '张三',
      ad_friend_name: 'Tom Lee',
      wxNo: 'wxid_ab12cd34',
      chatId: '2783491234@chatroom',
      official: 'gh_1a2b3c',
      wecom: 'zhangsan@openim',
      content: '您好，我想咨询一下报价！',
      imgKey: 'KEY987_hd',
    });
    expect(out).toEqual({
      nickName: '**',
      ad_friend_name: '*** ***',
      wxNo: 'wxid_********',
      chatId: '**********@chatroom',
      official: 'gh_******',
      wecom: '********@openim',
      content: '**，********！',
      imgKey: '******_hd',
    });
  });

  it('keeps times and short codes, masks long ids and numbers that are not times', () => {
    const out = redacted({
      ts: 1537514281502,
      ad_chatting_time: '1525948068',
      dateTime: '2018-09-21T15:18:01.548',
      date: '2018/5/11 14:47:48',
      updatetime: '2018-04-26T16:23:21.838195+08:00',
      duration: 35,
      durationText: '35',
      price: 12.5,
      lat: 39.91234,
      ad_chatting_id: 20931223,
      user_id: '1234567890',
      amountFen: 1000000,
      statusCode: 4001,
      unnamed: 1525948068,
    });
    expect(out).toEqual({
      ts: 1537514281502,
      ad_chatting_time: '1525948068',
      dateTime: '2018-09-21T15:18:01.548',
      date: '2018/5/11 14:47:48',
      updatetime: '2018-04-26T16:23:21.838195+08:00',
      duration: 35,
      durationText: '35',
      price: 13,
      lat: 40,
      ad_chatting_id: 20000023,
      user_id: '12******90',
      amountFen: 1000000,
      statusCode: 4001,
      unnamed: 1500000068,
    });
  });

  it('redacts JSON inside strings (7moor bodies) and keeps it JSON of the same shape', () => {
    const out = redacted({ msgType: '105', msg: JSON.stringify({ nickName: '李四', wxNo: 'wxid_zz9', bigHeadImgUrl: 'http://wx.qlogo.cn/mmhead/abc/0', type: '0' }) });
    expect(out.msgType).toBe('105');
    expect(JSON.parse(out.msg as string)).toEqual({ nickName: '**', wxNo: 'wxid_***', bigHeadImgUrl: 'http://wx.qlogo.cn/******/***/*', type: '0' });
  });

  it("redacts Youmi's URL-encoded resvred and leaves it URL-encoded JSON", () => {
    const resvred = encodeURIComponent(JSON.stringify({ title: '报价单.pdf', totalLen: 2048, url: 'https://cdn.example.com/f/report.pdf?sig=abc', downloadKey: 'DL-KEY-123' }));
    const out = redacted({ ad_chatting_resvred: resvred });
    const decoded = JSON.parse(decodeURIComponent(out.ad_chatting_resvred as string));
    expect(decoded).toEqual({ title: '***.***', totalLen: 2048, url: 'https://cdn.example.com/*/******.pdf?sig=***', downloadKey: '**-***-***' });
  });

  it("keeps Youmi's content markers and masks what is inside them", () => {
    expect(redacted({ ad_chatting_content: 'imgs[KEY123abc]' }).ad_chatting_content).toBe('imgs[*********]');
    expect(redacted({ ad_chatting_content: 'MP[王五]' }).ad_chatting_content).toBe('MP[**]');
    expect(redacted({ ad_chatting_content: 'a(https://mp.example.com/s/AbC?id=42)[我的链接]' }).ad_chatting_content).toBe('a(https://mp.example.com/*/***?id=**)[****]');
  });

  it('keeps WeChat XML tags and attribute names, masking text and values', () => {
    const xml = '<msg><appmsg appid="wx123456"><title>张三的报价</title><type>5</type><url><![CDATA[https://a.example.com/x/y]]></url></appmsg></msg>';
    expect(redacted({ msg: xml }).msg).toBe('<msg><appmsg appid="********"><title>*****</title><type>5</type><url><![CDATA[https://a.example.com/*/*]]></url></appmsg></msg>');
  });

  it('keeps a URL host and file suffix, masks path, query values and user info', () => {
    expect(redacted({ url: 'https://user:pw@img.example.com/u/138/photo.JPG?who=zhang&x=' }).url).toBe('https://***@img.example.com/*/***/*****.JPG?who=*****&x=');
    expect(redacted({ path: 'statics/zhugeleida/imgs/chat/voice.mp3' }).path).toBe('*******/**********/****/****/*****.mp3');
  });

  it('masks secrets under their key even while masking everything else', () => {
    expect(redacted({ accessToken: 'abc', nested: { token: 12345678 } })).toEqual({ accessToken: '***', nested: { token: '***' } });
  });

  it('masks a number used as a key (a map keyed by phone)', () => {
    expect(redacted({ '13812345678': { name: '赵六' } })).toEqual({ '138****5678': { name: '**' } });
  });

  it('redacts an answer cut off at the sample cap: keys stay, values are masked, nothing leaks', () => {
    const cut = '{"code":1,"data":{"list":[{"msgType":"999","nick":"张三","contactTel":"13812345678","ts":1537514281502,"msg":"我的地址是北京市海淀';
    const out = redactSample(cut);
    expect(out).toBe('{"code":1,"data":{"list":[{"msgType":"999","nick":"**","contactTel":"138****5678","ts":1537514281502,"msg":"**********');
  });

  it('keeps the tags of an HTML error page and masks its words', () => {
    expect(redactSample('<html><body><h1>502 Bad Gateway</h1><p>Contact 张三</p></body></html>')).toBe(
      '<html><body><h1>*** *** *******</h1><p>******* **</p></body></html>',
    );
  });

  it('masks plain text that is neither JSON nor markup', () => {
    expect(redactSample('Service Unavailable for 13812345678 true')).toBe('******* *********** *** 13800005678 true');
  });

  it('caps what it returns', () => {
    const long = JSON.stringify({ list: Array.from({ length: 2000 }, (_, i) => ({ i })) });
    const out = redactSample(long, 500);
    expect(out.length).toBeLessThan(560);
    expect(out).toMatch(/more characters\]$/);
  });

  it('never lets a name, phone, WeChat id or token of a realistic message row through', () => {
    const token = 'Zq9-real-token-abcdef';
    registerSecretForRedaction(token);
    try {
      const row = {
        ad_chatting_id: 20931223,
        ad_chatting_talter: 'wxid_fan0007',
        ad_chatting_issend: 0,
        ad_chatting_resvred: encodeURIComponent(JSON.stringify({ nickname: '周老板', phone: '13700001111' })),
        ad_wechat_id: 7006,
        ad_chatting_sate: 4362,
        ad_sermsgid: '5738291029384756123',
        ad_chatting_time: '1737000000',
        ad_chatting_content: `周老板说 13700001111 ${token}`,
        ad_friend_name: '周老板',
        ad_friend_photo: 'https://wx.qlogo.cn/mmhead/ver_1/zhou/132',
      };
      const out = redactSample(JSON.stringify(row));
      for (const leak of ['周老板', '13700001111', 'wxid_fan0007', token, 'zhou', '5738291029384756123']) expect(out).not.toContain(leak);
      const back = parse(out);
      expect(Object.keys(back)).toEqual(Object.keys(row));
      expect(back.ad_chatting_sate).toBe(4362);
      expect(back.ad_chatting_issend).toBe(0);
      expect(back.ad_chatting_time).toBe('1737000000');
      expect(back.ad_chatting_content).toBe('**** 137****1111 ***-****-*****-******');
    } finally {
      forgetSecretForRedaction(token);
    }
  });
});
