// Seeded, realistic Youmi chat content: the simulator's demo store and the benchmark generator
// both draw from here, so the demo looks like the benchmark and both exercise every type.
import { YOUMI_MESSAGE_TYPES } from './decoder';
import type { YoumiWireRow } from './wire';
import { seededRandom, type Rng } from '../seeded-random';

/** The shared seeded generator with the helpers Youmi's samples draw with. */
export class SeededRandom {
  private readonly random: Rng;

  constructor(seed: number) {
    this.random = seededRandom(seed >>> 0 || 0x9e3779b9);
  }

  next(): number {
    return this.random();
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.int(10));
    return out;
  }

  hex(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += '0123456789abcdef'[this.int(16)];
    return out;
  }
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '晓东', '雪梅', '子涵', '梓轩'];
const NICK_STYLE = ['{n}', '{n}', 'A{n}', '{n}🌸', '{n}_{d}', '{n}w', '小{g}', '{g}{g}妈妈', '{n}-装修中'];
export const EMOJI_CODES = ['[微笑]', '[抓狂]', '[呲牙]', '[偷笑]', '[嘿哈]', '[捂脸]', '[强]', '[握手]', '[玫瑰]', '[OK]', '[耶]', '[冷汗]', '[吐]', '[酷]', '[愉快]', '[奸笑]', '[机智]', '[皱眉]'];
const PRODUCTS = ['iPhone 15 Pro', 'iPhone 16', 'MacBook Air', 'iPad mini', 'AirPods Pro', '华为Mate 60', '小米14 Ultra', 'Model Y', 'Switch OLED', '戴森V12', '美的空调KFR-35GW', '格力云佳'];
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '苏州', '长沙', '郑州'];
const DISTRICTS = ['朝阳区建国路88号', '浦东新区世纪大道100号', '天河区珠江新城华夏路10号', '南山区科技园科苑路15号', '西湖区文三路478号', '高新区天府大道中段666号'];

const INBOUND = [
  '你好，{p}现在还有货吗？',
  '请问{p}多少钱？能便宜点吗{e}',
  '我的手机号是{phone}，有活动麻烦通知我',
  '订单号{order}，什么时候发货呀',
  '收到了，谢谢{e}{e}',
  '在吗？',
  '昨天说的那个{p}，我老婆也想要一台',
  '地址改一下：{city}{addr}，电话{phone}',
  '好的，我考虑一下{e}',
  '可以分期吗？花呗能用吗',
  '我朋友微信是{wxid}，你加他一下，他也想买',
  '发票抬头：{city}某某科技有限公司，税号91{digits}',
  '{e}',
  '怎么还没到啊{e}',
  '能开视频看看实物吗',
  '退款什么时候到账？',
  'OK',
  '周末门店开门吗？我想去{city}店看看{p}',
];
const OUTBOUND = [
  '您好，我是您的专属顾问小{g}，有问题随时找我{e}',
  '{p}今天有现货，到手价{price}元，送原装壳',
  '已为您登记，活动开始第一时间通知您',
  '亲，订单{order}已经发出了，顺丰单号SF{digits}',
  '您看一下这个链接，有详细参数',
  '好的，已经帮您改好地址了{e}',
  '支持花呗3期、6期免息',
  '晚上好{e}',
  '早上好，今天{city}门店10点开门',
  '收到，您的退款预计1-3个工作日原路返回',
  '方便的话留个电话，我让同事联系您：{phone}是我的工作号',
  '这边给您申请了一个专属优惠券，满3000减200',
];

export function fanName(rng: SeededRandom): string {
  const name = rng.pick(SURNAMES) + rng.pick(GIVEN);
  return rng
    .pick(NICK_STYLE)
    .replace('{n}', name)
    .replace('{d}', rng.digits(2))
    .replace(/\{g\}/g, () => rng.pick(GIVEN));
}

export function fanWxid(rng: SeededRandom): string {
  // Some fans still have their custom WeChat id; most have the generated wxid_ form.
  if (rng.chance(0.2)) return `${rng.pick(['lucky', 'sunny', 'tom', 'amy', 'jack', 'coco'])}${rng.digits(4)}`;
  let id = 'wxid_';
  for (let i = 0; i < 14; i++) id += 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.int(36)];
  return id;
}

export function avatarUrl(rng: SeededRandom): string {
  return `http://wx.qlogo.cn/mmhead/ver_1/${rng.hex(40)}/96`;
}

export function phoneNumber(rng: SeededRandom): string {
  return `1${rng.pick(['38', '39', '36', '58', '86', '88', '77', '51'])}${rng.digits(8)}`;
}

function fill(template: string, rng: SeededRandom): string {
  return template.replace(/\{(\w+)\}/g, (_m, slot: string) => {
    switch (slot) {
      case 'p':
        return rng.pick(PRODUCTS);
      case 'e':
        return rng.pick(EMOJI_CODES);
      case 'phone':
        return phoneNumber(rng);
      case 'order':
        return `YM${rng.digits(12)}`;
      case 'city':
        return rng.pick(CITIES);
      case 'addr':
        return rng.pick(DISTRICTS);
      case 'wxid':
        return fanWxid(rng);
      case 'digits':
        return rng.digits(10);
      case 'price':
        return String(1000 + rng.int(9000));
      case 'g':
        return rng.pick(GIVEN);
      default:
        return slot;
    }
  });
}

export function chatText(rng: SeededRandom, outbound: boolean): string {
  return fill(rng.pick(outbound ? OUTBOUND : INBOUND), rng);
}

/** One line per row of the type table, so "every type" is a list to walk. */
export type SampleVariant = (typeof YOUMI_MESSAGE_TYPES)[number];
export const SAMPLE_VARIANTS: readonly SampleVariant[] = YOUMI_MESSAGE_TYPES;

// Relative frequency of each table row in a sales agent's day: mostly text, some pictures and
// voice, a trickle of everything else.
const WEIGHT_BY_KIND: Partial<Record<SampleVariant['kind'], number>> = {
  text: 66,
  image: 10 / 3,
  voice: 3,
  link: 3,
  file: 2,
  quote: 2,
  card: 0.7,
  location: 1,
  miniProgram: 1,
  video: 1,
};
const CUMULATIVE: number[] = [];
{
  let total = 0;
  for (const variant of SAMPLE_VARIANTS) {
    total += WEIGHT_BY_KIND[variant.kind] ?? 0.4;
    CUMULATIVE.push(total);
  }
}

export function pickVariant(rng: SeededRandom): SampleVariant {
  const target = rng.next() * (CUMULATIVE[CUMULATIVE.length - 1] ?? 1);
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((CUMULATIVE[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return SAMPLE_VARIANTS[lo] as SampleVariant;
}

export interface SampleContent {
  type: number;
  content: string;
  resvred: Record<string, unknown> | null;
  voiceText: string | null;
  /** Notices come from the phone assistant, not from either person. */
  direction?: 'in' | 'out';
}

/** URL-encoded JSON, as the doc says ad_chatting_resvred is. `formStyle` writes spaces as '+' like .NET's UrlEncode. */
export function encodeResvred(value: Record<string, unknown> | null, formStyle = false): string | null {
  if (value === null) return null;
  const encoded = encodeURIComponent(JSON.stringify(value));
  return formStyle ? encoded.replace(/%20/g, '+') : encoded;
}

function mediaKey(rng: SeededRandom, atSec: number): string {
  return `${rng.hex(32)}${atSec}`;
}

/** Content and resvred of one message of the given table row, as the vendor would store it. */
export function sampleContent(rng: SeededRandom, variant: SampleVariant, ctx: { atSec: number; fanName: string; outbound: boolean }): SampleContent {
  const base = { type: variant.type, resvred: null, voiceText: null };
  switch (variant.kind) {
    case 'text':
      if (!ctx.outbound && rng.chance(0.05)) {
        const date = new Date(ctx.atSec * 1000 + 8 * 3600_000);
        const md = `${String(date.getUTCMonth() + 1).padStart(2, '0')}月${String(date.getUTCDate()).padStart(2, '0')}日`;
        return { ...base, content: `给你${md}的朋友圈<${rng.pick(EMOJI_CODES)}${rng.pick(EMOJI_CODES)}>\n点赞` };
      }
      return { ...base, content: chatText(rng, ctx.outbound) };
    case 'image':
      return { ...base, content: `imgs[${mediaKey(rng, ctx.atSec)}]` };
    case 'voice': {
      const key = mediaKey(rng, ctx.atSec);
      const seconds = 1 + rng.int(59);
      const transcribed = rng.chance(0.3);
      return {
        ...base,
        content: `${transcribed ? 'audioT' : 'audio'}[${key}]`,
        resvred: { downloadKey: key, type: -1, videoLen: seconds },
        voiceText: transcribed ? chatText(rng, ctx.outbound) : null,
      };
    }
    case 'card': {
      if (variant.type === 1001) return { ...base, content: rng.pick(['友米科技服务号', '企客聊助手', `${rng.pick(CITIES)}门店公众号`]) };
      const nickname = fanName(rng);
      return { ...base, content: `MP[${nickname}]`, resvred: { nickname } };
    }
    case 'video': {
      const key = mediaKey(rng, ctx.atSec);
      return { ...base, content: `video[${key}]`, resvred: { downloadKey: key, videoLen: 5 + rng.int(120), title: `${rng.pick(PRODUCTS)} 开箱视频` } };
    }
    case 'location': {
      const city = rng.pick(CITIES);
      const addr = rng.pick(DISTRICTS);
      const url = `https://apis.map.qq.com/uri/v1/marker?marker=coord:${(30 + rng.next() * 10).toFixed(6)},${(110 + rng.next() * 10).toFixed(6)}`;
      return { ...base, content: `a(${url})`, resvred: { desc: `${city}${addr}`, thumbUrl: `https://mmbiz.qpic.cn/loc/${rng.hex(16)}.jpg`, title: `${city}${rng.pick(['万达广场', '国贸中心', '天街', '来福士'])}`, url } };
    }
    case 'link': {
      const product = rng.pick(PRODUCTS);
      const url = `https://mp.weixin.qq.com/s/${rng.hex(22)}`;
      return { ...base, content: `a(${url})`, resvred: { title: `${product} 参数配置与优惠活动`, url } };
    }
    case 'videoCall':
      return { ...base, content: rng.chance(0.5) ? `通话时长 0${rng.int(9)}:${String(rng.int(60)).padStart(2, '0')}` : '已取消' };
    case 'groupInvite': {
      const group = `${rng.pick(CITIES)}${rng.pick(PRODUCTS)}车友群`;
      return {
        ...base,
        content: `邀请你加入群聊“${group}”`,
        resvred: { desc: `${ctx.fanName}邀请你加入群聊“${group}”，进入可查看详情。`, thumbUrl: `https://wx.qlogo.cn/chatroom/${rng.hex(16)}`, title: '邀请你加入群聊', url: `https://support.weixin.qq.com/cgi-bin/mmsupport-bin/addchatroombyinvite?ticket=${rng.hex(12)}` },
      };
    }
    case 'file': {
      const key = mediaKey(rng, ctx.atSec);
      const name = rng.pick(['报价单', '合同', '产品手册', '售后政策', '发票']) + rng.pick(['.pdf', '.xlsx', '.docx', '.zip']);
      return { ...base, content: `file[${key}]`, resvred: { title: name, totalLen: 10_000 + rng.int(9_000_000), url: '' } };
    }
    case 'chatRecord':
      return { ...base, content: `${ctx.fanName}和${rng.pick(SURNAMES)}${rng.pick(GIVEN)}的聊天记录` };
    case 'miniProgram':
      return {
        ...base,
        content: '[小程序]',
        resvred: { appIconUrl: `https://mmbiz.qpic.cn/mmbiz_png/${rng.hex(20)}/0`, displayName: rng.pick(['京东购物', '拼多多', '美团外卖', '友米商城']), downloadKey: mediaKey(rng, ctx.atSec), title: `${rng.pick(PRODUCTS)} 限时特价` },
      };
    case 'groupCollection':
      return { ...base, content: `发起了群收款，每人需付¥${(20 + rng.int(200)).toFixed(2)}` };
    case 'redPacket':
      return { ...base, content: rng.pick(['[红包]恭喜发财，大吉大利', '[群红包]新年快乐', '[红包]感谢支持']) };
    case 'channelsVideo':
    case 'live':
      return {
        ...base,
        content: variant.kind === 'live' ? '[直播]' : '[视频号]',
        resvred: { avatar: avatarUrl(rng), description: `${rng.pick(PRODUCTS)}${variant.kind === 'live' ? '直播间今晚8点开播' : '真机评测'}`, nickname: `${rng.pick(CITIES)}数码小${rng.pick(GIVEN)}`, thumbUrl: `https://finder.video.qq.com/${rng.hex(20)}.jpg` },
      };
    case 'quote': {
      const quotedImage = rng.chance(0.3);
      return {
        ...base,
        content: rng.pick(['就是这个', '这个多少钱？', '收到', '对，要这款']),
        resvred: quotedImage
          ? { type: 3, content: '', title: '', downloadKey: mediaKey(rng, ctx.atSec), url: '' }
          : { type: 1, content: chatText(rng, !ctx.outbound), title: '', downloadKey: '', url: '' },
      };
    }
    case 'system':
      return { ...base, content: systemText(rng, variant.type, ctx.fanName), direction: 'in' };
    case 'todo':
      return { ...base, content: `待办：${rng.pick(['明天上午10点', '周五下午', '下周一'])}回访${ctx.fanName}，确认${rng.pick(PRODUCTS)}订单`, direction: 'out' };
    case 'takeover':
      return {
        ...base,
        content: '申请接管会话',
        resvred: { key: `tk_${rng.hex(16)}`, name: `客服${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`, reason: rng.pick(['客户要求退款，需主管处理', '大客户跟进', '同事休假代班']) },
        direction: 'out',
      };
    default:
      return { ...base, content: chatText(rng, ctx.outbound) };
  }
}

function systemText(rng: SeededRandom, type: number, fan: string): string {
  switch (type) {
    case 10001:
      return `${fan}的微信号已更新为${fanWxid(rng)}`;
    case 10002:
      return `${fan}开启了朋友验证，你还不是他（她）朋友。请先发送朋友验证请求，对方验证通过后，才能聊天。`;
    case 10003:
      return `${fan}请求添加你为朋友：我是${rng.pick(CITIES)}的客户，电话${phoneNumber(rng)}`;
    case 10004:
      return rng.pick(['消息发送失败：对方拒收了你的消息', '运营号网络异常，消息稍后重发', '发送过于频繁，已暂停']);
    case 10005:
      return `对方已完成实名认证：*${rng.pick(GIVEN)}`;
    default:
      return `你已添加了${fan}，现在可以开始聊天了。`;
  }
}

/** "2018-04-26T16:23:21.838195+08:00": the way Youmi writes ad_chatting_updatetime. */
export function chinaIso(ms: number, rng?: SeededRandom): string {
  const local = new Date(ms + 8 * 3600_000).toISOString().slice(0, 23);
  return `${local}${rng ? rng.digits(3) : '000'}+08:00`;
}

export interface OperatorAccount {
  /** ad_wechat_id: Youmi's number for the operator phone's WeChat. */
  wechatId: number;
  /** ad_wechat_nober: the operator WeChat's own id. */
  wxNo: string;
  nickname: string;
  /** The staff number (工号) of the token's own staff: what our API sends are recorded under. */
  staffCode: string;
  /** The colleagues who reply on this shared account, the first being `staffCode`. */
  staffCodes: readonly string[];
}

export function operatorAccount(index: number): OperatorAccount {
  const names = ['友米-销售小王', '友米-顾问小李', '友米-售后小陈', '友米-店长老赵'];
  return {
    wechatId: 1906 + index * 201,
    wxNo: `wxid_youmiop${String(index + 1).padStart(3, '0')}`,
    nickname: names[index % names.length] ?? `运营号${index + 1}`,
    staffCode: String(10000 + index),
    staffCodes: [String(10000 + index), String(10100 + index)],
  };
}

/** A WeChat-style server message id; the vendor's own sample ends some with 'm'. */
export function serverMsgId(rng: SeededRandom): string {
  return `${1 + rng.int(9)}${rng.digits(17)}${rng.chance(0.3) ? 'm' : ''}`;
}

export interface SampleFan {
  wxid: string;
  name: string;
  photo: string;
}

/** A v2 wire row for a message, as Youmi would store it. */
export function wireRow(parts: {
  chattingId: number;
  fan: SampleFan;
  operator: OperatorAccount;
  atMs: number;
  sample: Pick<SampleContent, 'type' | 'content' | 'resvred' | 'voiceText'>;
  outbound: boolean;
  merchantId: string;
  rng: SeededRandom;
  /** Who sent an outbound row; by default one of the account's colleagues (not drawn from rng, so seeds keep their data). */
  staffCode?: string;
}): YoumiWireRow {
  const { fan, operator, atMs, sample, outbound, rng } = parts;
  const staffCode = parts.staffCode ?? operator.staffCodes[parts.chattingId % operator.staffCodes.length] ?? operator.staffCode;
  return {
    ad_chatting_id: parts.chattingId,
    ad_chatting_talter: fan.wxid,
    ad_chatting_issend: outbound ? 1 : 0,
    // A fifth of the rows use .NET's form-style encoding ('+' for spaces), as a real tenant might.
    ad_chatting_resvred: encodeResvred(sample.resvred, rng.chance(0.2)),
    ad_wechat_id: operator.wechatId,
    merchantid: parts.merchantId,
    ad_chatting_updatetime: chinaIso(atMs + 200 + rng.int(2000), rng),
    ad_chatting_sate: sample.type,
    ad_sermsgid: serverMsgId(rng),
    ad_chatting_time: String(Math.floor(atMs / 1000)),
    ad_chatting_content: sample.content,
    ad_staff_code: outbound ? staffCode : null,
    ad_voice_txt: sample.voiceText,
    ad_friend_photo: fan.photo,
    ad_friend_name: fan.name,
    ad_expand: '0',
    ad_wechat_nober: operator.wxNo,
  };
}
