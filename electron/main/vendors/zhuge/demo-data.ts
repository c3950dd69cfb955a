// Seeded demo data for the Zhuge simulator: one radar user (the sales agent) and customers of
// an official account talking to them over the last 30 days, with every info_type in both
// directions where the product allows it. The same seed and `now` give the same data; a larger
// `customerCount` makes a benchmark-sized data set from the same scripts.
import { seededRandom } from '../seeded-random';

export interface ZhugeDemoRadarUser {
  id: number;
  name: string;
  avatar: string;
  /** Business-card phone and WeChat, returned by the paged history as mingpian_phone / wechat. */
  mingpianPhone: string;
  wechat: string;
}

export interface ZhugeDemoCustomer {
  id: number;
  /** The customer's API token: rand_str = md5(timestamp + token). Demo value, not a secret. */
  token: string;
  name: string;
  headimgurl: string;
}

/** A stored chat row as the vendor keeps it: content is the JSON the server merges into the row. */
export interface ZhugeStoredMessage {
  customerId: number;
  radarUserId: number;
  /** 1 agent → customer, 2 customer → agent, 3 the server's tip line. */
  sendType: 1 | 2 | 3;
  content: Record<string, unknown>;
  /** Epoch ms; the server writes it out as China local time. */
  at: number;
  /** The vendor's is_customer_new_msg flag: still unread through the customer API. */
  unread: boolean;
}

export interface ZhugeDemoData {
  radarUsers: ZhugeDemoRadarUser[];
  customers: ZhugeDemoCustomer[];
  messages: ZhugeStoredMessage[];
}

export interface ZhugeDemoOptions {
  /** The demo's "now" in epoch ms; messages spread over the `days` before it. */
  now: number;
  seed?: number;
  days?: number;
  /** More than the five named customers produces generated ones (benchmarks). */
  customerCount?: number;
  /** Sessions per customer (default 4–6, seeded). */
  sessionsPerCustomer?: number;
}

type Line = [direction: 'in' | 'out' | 'tip', content: Record<string, unknown>];

const text = (msg: string) => ({ info_type: 1, msg });
const product = (name: string, price: string, cover: string) => ({
  info_type: 2,
  product_cover_url: `statics/zhugeleida/imgs/chat/${cover}.png`,
  product_name: name,
  product_price: price,
});
const ask = (msg: string) => ({ info_type: 3, msg });
const image = (file: string) => ({ info_type: 4, url: `statics/zhugeleida/imgs/chat/${file}` });
const video = (file: string) => ({ info_type: 5, url: `statics/zhugeleida/video/chat/${file}` });
const voice = (file: string) => ({ info_type: 5, url: `statics/zhugeleida/voice/gongzhonghao/${file}` });
const mall = () => ({ info_type: 6, msg: '官方商城，可点击进入购买' });

/** Conversation scripts; each session of a customer plays one. */
const SCRIPTS: Line[][] = [
  [
    ['in', text('你好，请问这款净水器还有货吗？')],
    ['in', product('家用净水器 RO-600', '2999.00', '2d49ecd2-9180-11e8-a32d-8e2edea1cc9c')],
    ['out', text('您好！有现货的，今天下单明天就能发货 😊')],
    ['out', ask('您好,请问能否告诉我您的手机号?')],
    ['in', text('我的手机号是: 13812345678')],
    ['out', text('好的，稍后安排同事给您回电[微笑]')],
  ],
  [
    ['in', image('customer_2_user_1_20240512_101233.jpg')],
    ['in', text('这个位置可以装吗？厨房水槽下面')],
    ['out', text('可以的，注意预留一个电源插座就行')],
    ['out', video('install-guide-ro600.mp4')],
    ['in', text('收到，谢谢[抱拳]')],
  ],
  [
    ['in', voice('customer_3_user_1_20240518_203011.mp3')],
    ['out', text('收到您的语音，这周下单可以再优惠200元')],
    ['in', text('[强]那我考虑一下')],
    ['out', mall()],
  ],
  [
    ['out', ask('您好,请问能否加下您的微信?')],
    ['in', text('可以，我的微信号 amy_rain_2020')],
    ['out', image('poster-summer-sale.png')],
    ['in', text('活动到什么时候？')],
    ['out', text('月底截止，老客户还送一年滤芯🎁')],
  ],
  [
    ['in', text('滤芯多久换一次？')],
    ['out', text('一般6个月更换一次，到时候我提醒您')],
    ['in', text('谢谢👍')],
    ['tip', text('温馨提示：顾问会在工作时间内尽快回复您')],
  ],
  [
    ['in', text('สวัสดี 你好，能发一下产品视频吗？')],
    ['out', video('ro600-demo.mp4')],
    ['in', product('商用净水机 C-1200', '8800.00', '7f3a0c1e-9a11-11e8-b6c1-8e2edea1cc9c')],
    ['out', text('这款适合办公室，50人以内用没问题')],
  ],
  [
    ['in', text('上次说的价格还能再便宜点吗\\表情')],
    ['out', text('我帮您申请一下，最低可以到2699')],
    ['in', image('customer_screenshot_price.png')],
    ['in', text('别家是这个价')],
    ['out', text('我们含上门安装和两年质保哦[愉快]')],
  ],
];

const NAMED_CUSTOMERS = ['_zzz จุ๊บ', '李雪 🌸', 'ต้น 阿东', 'Amy 小雨☔', '陈建国'];

export { seededRandom };

function hex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function buildZhugeDemoData(options: ZhugeDemoOptions): ZhugeDemoData {
  const random = seededRandom(options.seed ?? 20_180_921);
  const days = options.days ?? 30;
  const count = options.customerCount ?? NAMED_CUSTOMERS.length;
  const radarUsers: ZhugeDemoRadarUser[] = [
    {
      id: 1,
      name: '王晓明',
      avatar: 'http://shp.qpic.cn/bizmp/prSBf5AvHhAV3730YB9qjpC4Uicv4pA4JBkjhgJmjzZSBB5vSC1gmrA/',
      mingpianPhone: '18932674288',
      wechat: '18866554433',
    },
  ];
  const customers: ZhugeDemoCustomer[] = [];
  const messages: ZhugeStoredMessage[] = [];
  // Midnight China time of the demo's today, so sessions land in office-ish China hours.
  const chinaToday = Math.floor((options.now + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;

  for (let i = 0; i < count; i++) {
    const id = i + 1;
    customers.push({
      id,
      token: hex(random, 32),
      name: NAMED_CUSTOMERS[i] ?? `客户${id} ${['🌟', '🍀', 'ดี', '😊'][id % 4]}`,
      headimgurl: `https://wx.qlogo.cn/mmopen/vi_32/${hex(random, 40)}/132`,
    });
    const sessions = options.sessionsPerCustomer ?? 4 + Math.floor(random() * 3);
    const dayOffsets = new Set<number>();
    while (dayOffsets.size < Math.min(sessions, days)) dayOffsets.add(Math.floor(random() * days));
    // The newest session is always today, so a fresh demo has something unread.
    dayOffsets.delete(Math.min(...dayOffsets));
    dayOffsets.add(0);
    const ordered = [...dayOffsets].sort((a, b) => b - a);
    const rows: ZhugeStoredMessage[] = [];
    ordered.forEach((dayOffset, session) => {
      const script = SCRIPTS[(i + session) % SCRIPTS.length] ?? [];
      const latestAllowed = dayOffset === 0 ? options.now - 60 * 60_000 : Number.POSITIVE_INFINITY;
      let at = Math.min(chinaToday - dayOffset * DAY_MS + (9 + Math.floor(random() * 12)) * 3_600_000 + Math.floor(random() * 3_600_000), latestAllowed);
      for (const [direction, content] of script) {
        at += 15_000 + Math.floor(random() * 600_000);
        rows.push({
          customerId: id,
          radarUserId: 1,
          sendType: direction === 'out' ? 1 : direction === 'in' ? 2 : 3,
          content: { ...content },
          at: Math.min(at, options.now - 1),
          unread: false,
        });
      }
    });
    // The last two rows of each chat are still unread, as a live account would have them.
    for (const row of rows.slice(-2)) row.unread = true;
    messages.push(...rows);
  }
  messages.sort((a, b) => a.at - b.at);
  return { radarUsers, customers, messages };
}
