import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { REPLY_KINDS } from '@shared/model';
import { buildV2SendBody, MAX_BATCH_ITEMS, newYoumiTaskId, suffixOf, youmiV2ReplyKinds, type YoumiV2Message, type YoumiV2SendRequest } from './send';
import examples from './fixtures/v2-send-examples.json';

const to = { wechatId: '1906', toUserName: 'wxid_ujwy4r6nkjdb22' };
const IMG = 'https://cdn.example.com/p/iphone.jpg';
const MP4 = 'https://cdn.example.com/v/unbox.mp4';
const PDF = 'https://cdn.example.com/f/quote.pdf';

// Every MsgType with every optional field filled, so the key sets can be compared with the doc.
const FULL: Record<string, YoumiV2Message> = {
  text: { msgType: 'text', text: '您好' },
  image: { msgType: 'image', url: IMG },
  video: { msgType: 'video', url: MP4, description: '开箱', thumbnailUrl: IMG, title: 'iPhone 开箱' },
  file: { msgType: 'file', url: PDF, fileName: '报价 单.pdf' },
  link: { msgType: 'link', url: 'https://mp.weixin.qq.com/s/abc', description: '以旧换新', thumbMediaUrl: IMG, title: '活动' },
  card: { msgType: 'card', nickname: '李娜' },
  qvcard: { msgType: 'qvcard', nickname: '李娜', companyName: '友米科技' },
  mp: { msgType: 'mp', name: '京东购物' },
  gzh: { msgType: 'gzh', name: '友米科技服务号' },
  rebpacket: { msgType: 'rebpacket' },
  returnmoney: { msgType: 'returnmoney' },
  forward: {
    msgType: 'forward',
    fromUserName: 'wxid_other',
    flags: [
      { flag: 'flag:0000026', msgType: 'image', msgTime: 1647865582, msgIndex: 1 },
      { flag: 'flag:0000007', msgType: 'location', msgTime: 1647865582, msgIndex: 24 },
    ],
  },
  batch: {
    msgType: 'batch',
    items: [
      { msgType: 'text', text: '您好' },
      { msgType: 'image', url: IMG },
      { msgType: 'video', url: MP4, description: '开箱', thumbnailUrl: IMG, title: 'iPhone 开箱', msgId: '1604549523123' },
      { msgType: 'file', url: PDF, fileName: '报价单.pdf' },
      { msgType: 'link', url: 'https://mp.weixin.qq.com/s/abc', description: '以旧换新', thumbMediaUrl: IMG, title: '活动' },
    ],
  },
};

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a validation error');
}

/** Field names, nesting and JSON types; runs of same-shaped array items (the doc's 8 Flags) count once. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(shape).filter((item, i, all) => i === 0 || JSON.stringify(item) !== JSON.stringify(all[i - 1]));
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]).sort());
  return typeof value;
}

describe('doSendPublicMes bodies', () => {
  const docExamples = Object.entries(examples).filter(([key]) => key.includes(':')) as [string, Record<string, unknown>][];

  it.each(docExamples)("matches the doc's %s example field for field", (_key, example) => {
    const relationType = example.RelationType as 0 | 3;
    const body = buildV2SendBody({ address: to, relationType, message: FULL[example.MsgType as string]! });
    // Same fields, same nesting, same JSON types as the doc shows (Flags and messList included).
    expect(shape(body)).toEqual(shape(example));
  });

  it('covers every MsgType the doc shows', () => {
    expect(new Set(docExamples.map(([, e]) => e.MsgType))).toEqual(new Set(Object.keys(FULL)));
  });

  it('writes the values the doc asks for', () => {
    const file = buildV2SendBody({ address: to, relationType: 0, message: FULL.file! });
    expect(file).toEqual({ WechatId: '1906', ToUserName: 'wxid_ujwy4r6nkjdb22', RelationType: 0, MsgType: 'file', Url: PDF, Title: '%E6%8A%A5%E4%BB%B7%20%E5%8D%95.pdf', Format: 'pdf' });
    const batch = buildV2SendBody({ address: to, relationType: 3, message: FULL.batch! }) as { messList: Record<string, unknown>[] };
    expect(batch.messList[1]).toEqual({ MsgType: 'image', ImageUrl: IMG, Format: 'jpg' });
    expect(batch.messList[2]).toMatchObject({ MsgType: 'video', Url: MP4, Format: 'mp4', MsgId: '1604549523123' });
    expect(buildV2SendBody({ address: to, relationType: 0, message: FULL.image! })).toMatchObject({ Url: IMG, Format: 'jpg' });
    expect(buildV2SendBody({ address: to, relationType: 0, message: { msgType: 'image', url: 'https://x.cn/img?id=1', format: 'png' } })).toMatchObject({ Format: 'png' });
    const forward = buildV2SendBody({ address: to, relationType: 0, message: FULL.forward! });
    expect(forward).toMatchObject({ ShareUnionIDNode: 'wxid_other', Flags: [{ Flag: 'flag:0000026', MsgType: 'image', MsgTime: 1647865582, MsgIndex: 1 }, { Flag: 'flag:0000007', MsgType: 'location', MsgTime: 1647865582, MsgIndex: 24 }] });
  });

  it('addresses by TakeOverKey instead of WechatId + ToUserName, like the parameter table example', () => {
    const body = buildV2SendBody({ address: { takeOverKey: 'tk_1' }, relationType: 0, message: { msgType: 'text', text: '您好' } });
    expect(body).toEqual({ TakeOverKey: 'tk_1', RelationType: 0, MsgType: 'text', Text: '您好' });
    const table = examples['param-table'];
    expect(Object.keys(body).every((k) => k in table)).toBe(true);
  });

  it('accepts RelationType 0–3 and refuses others', () => {
    for (const relationType of [0, 1, 2, 3] as const) {
      expect(buildV2SendBody({ address: to, relationType, message: FULL.text! }).RelationType).toBe(relationType);
    }
    expect(failure(() => buildV2SendBody({ address: to, relationType: 4 as 0, message: FULL.text! })).details).toEqual({ field: 'relationType' });
  });

  it('refuses what the vendor would fail on, naming the field', () => {
    const bad: [Partial<YoumiV2SendRequest>, string][] = [
      [{ message: { msgType: 'text', text: ' ' } }, 'text'],
      [{ message: { msgType: 'text', text: '字'.repeat(5001) } }, 'text'],
      [{ message: { msgType: 'image', url: 'https://x.cn/image' } }, 'format'],
      [{ message: { msgType: 'image', url: 'javascript:alert(1).jpg' } }, 'url'],
      [{ message: { msgType: 'video', url: 'https://x.cn/play?id=1' } }, 'url'],
      [{ message: { msgType: 'video', url: MP4, thumbnailUrl: 'file:///etc/passwd' } }, 'thumbnailUrl'],
      [{ message: { msgType: 'file', url: PDF, fileName: '' } }, 'fileName'],
      [{ message: { msgType: 'file', url: 'https://x.cn/dl', fileName: '合同' } }, 'fileName'],
      [{ message: { msgType: 'link', url: 'ftp://x.cn/a' } }, 'url'],
      [{ message: { msgType: 'card', nickname: '' } }, 'nickname'],
      [{ message: { msgType: 'mp', name: '' } }, 'name'],
      [{ message: { msgType: 'gzh', name: ' ' } }, 'name'],
      [{ message: { msgType: 'forward', fromUserName: 'a', flags: [] } }, 'flags'],
      [{ message: { msgType: 'forward', fromUserName: '', flags: [{ flag: 'f', msgType: 'image', msgTime: 1, msgIndex: 1 }] } }, 'fromUserName'],
      [{ message: { msgType: 'forward', fromUserName: 'a', flags: [{ flag: 'f', msgType: 'image', msgTime: 0, msgIndex: 1 }] } }, 'flags.0.msgTime'],
      [{ message: { msgType: 'batch', items: [] } }, 'items'],
      [{ message: { msgType: 'batch', items: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ({ msgType: 'text' as const, text: 'a' })) } }, 'items'],
      [{ message: { msgType: 'batch', items: [{ msgType: 'card', nickname: 'x' } as never] } }, 'msgType'],
      [{ message: { msgType: 'sticker' } as never }, 'msgType'],
      [{ address: { takeOverKey: ' ' } }, 'takeOverKey'],
      [{ address: { wechatId: '', toUserName: 'a' } }, 'wechatId'],
      [{ address: { wechatId: 1906, toUserName: '' } }, 'toUserName'],
      [{ relationType: 3, message: { msgType: 'card', nickname: '李娜' } }, 'msgType'],
      [{ relationType: 1, message: { msgType: 'rebpacket' } }, 'msgType'],
    ];
    for (const [overrides, field] of bad) {
      const error = failure(() => buildV2SendBody({ address: to, relationType: 0, message: FULL.text!, ...overrides }));
      expect({ field: error.details?.field, code: error.code }).toEqual({ field, code: 'VALIDATION' });
      expect(error.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('reply kinds and task ids', () => {
  it('offers every reply kind in personal WeChat and the supported ones elsewhere', () => {
    expect(youmiV2ReplyKinds(0).sort()).toEqual([...REPLY_KINDS].sort());
    expect(youmiV2ReplyKinds(3).sort()).toEqual(['batch', 'file', 'forward', 'image', 'link', 'text', 'video']);
  });

  it('makes task ids from the time and a random part', () => {
    expect(newYoumiTaskId(1700000000000, () => 0.123456789)).toBe('1700000000000123456789');
    const ids = new Set(Array.from({ length: 1000 }, () => newYoumiTaskId()));
    expect(ids.size).toBe(1000);
  });

  it('reads file suffixes from URLs and names', () => {
    expect(suffixOf('https://x.cn/a/b.MP4?sig=1')).toBe('mp4');
    expect(suffixOf('报价单.pdf')).toBe('pdf');
    expect(suffixOf('https://x.cn/a/b')).toBeUndefined();
  });
});
