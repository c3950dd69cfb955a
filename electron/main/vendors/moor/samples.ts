// Seeded building blocks for 7moor demo data and benchmark datasets: Chinese names, phone
// numbers, ids in 7moor's shapes, and message bodies for every msgType exactly as the doc shows
// them (garbled keys included), so the decoder meets in the demo what it meets in the doc.
import { chinaDate } from './time';

import { seededRandom, type Rng } from '../seeded-random';

export { seededRandom, type Rng };

export function pick<T>(rng: Rng, list: readonly T[]): T {
  const item = list[Math.floor(rng() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function chars(rng: Rng, alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

export const digits = (rng: Rng, n: number): string => chars(rng, '0123456789', n);
export const hex = (rng: Rng, n: number): string => chars(rng, '0123456789abcdef', n);
/** 7moor ids look like time-based UUIDs: "a5511d68-be6b-11e9-9bbe-a0999b1a254b". */
export const uuid = (rng: Rng): string => `${hex(rng, 8)}-${hex(rng, 4)}-11e9-${hex(rng, 4)}-${hex(rng, 12)}`;
export const mobile = (rng: Rng): string => pick(rng, ['138', '139', '135', '150', '158', '177', '186', '189']) + digits(rng, 8);
export const wxid = (rng: Rng): string => `wxid_${chars(rng, 'abcdefghijklmnopqrstuvwxyz0123456789', 14)}`;
export const imei = (rng: Rng): string => `86${digits(rng, 13)}`;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '建华', '晓东', '海燕', '子涵', '雨轩', '思远'];

export const personName = (rng: Rng): string => pick(rng, SURNAMES) + pick(rng, GIVEN);

export const avatar = (rng: Rng, size: 0 | 96 | 132 = 132): string =>
  `http://wx.qlogo.cn/mmhead/ver_1/${chars(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40)}/${size}`;

const CUSTOMER_TEXTS = [
  '你好，请问这款还有现货吗？',
  '价格还能再优惠一点吗',
  '我想了解一下售后政策',
  '什么时候能发货？',
  '好的，我再考虑一下',
  '\n真的是好难约噢',
  '方便的话明天下午电话聊',
  '发票可以开专票吗',
  '我已经付款了，麻烦查收',
  '收到，谢谢[抱拳]',
  '上次买的用着挺好，再来两箱',
  '地址改成公司：上海市浦东新区张江路88号',
];
const AGENT_TEXTS = [
  '您好，我是您的专属顾问，有问题随时找我',
  '这款目前有现货，今天下单明天发货',
  '给您申请了九折优惠，今天有效',
  '合同已经发到您邮箱了，请查收',
  '好的，明天下午三点给您打电话',
  '不客气[呲牙]',
  '已经帮您改好地址了',
  '这是我们最新的价目表，您看一下',
];
const GROUP_NAMES = ['VIP客户交流群', '新品体验官', '华东区老客户群', '售后服务群', '团购优惠群', '打农药的王者'];
const PLACES = [
  { log: '104.062881', lat: '30.554096', address: '蜀都中心二期(武侯区吉庆三路333号)' },
  { log: '121.506377', lat: '31.245105', address: '上海市浦东新区陆家嘴环路1000号' },
  { log: '116.397128', lat: '39.916527', address: '北京市东城区王府井大街138号' },
  { log: '113.324520', lat: '23.106280', address: '广州市天河区珠江新城花城大道' },
];
const LINKS = [
  { type: '5', title: '2024年度产品手册', des: '点击查看最新产品与价格', url: 'https://mp.weixin.qq.com/s/Abc123Product' },
  { type: '6', title: '报价单-202406.xlsx', des: '', url: 'https://wpfile.7moor.com/file/quote-202406.xlsx' },
  { type: '33', title: '商城小程序-限时秒杀', des: '优选商城', url: 'https://mp.weixin.qq.com/a/~shop' },
  { type: '19', title: '王芳与李娜的聊天记录', des: '王芳:[图片]\n王芳:这个型号怎么样\n李娜:挺好的', url: 'https://support.weixin.qq.com/cgi-bin/mmsupport-bin/readtemplate?t=page/favorite_record__w_unsupport&from=singlemessage&isappinstalled=0' },
];

export const sampleGroupName = (rng: Rng): string => pick(rng, GROUP_NAMES);

/** Who is talking, so bodies can name real people of the dataset. */
export interface SampleParties {
  outgoing: boolean;
  agentWxNo: string;
  agentNick: string;
  peerWxNo: string;
  peerNick: string;
  /** For group-only types: the group's members' WeChat numbers. */
  memberWxNos?: string[];
  atMs: number;
}

/** The fields of a getWeMessageByPage row that depend on the type. */
export interface SampleBody {
  msg?: string;
  bigImgPath?: string;
  thumbImgPath?: string;
}

/** Every type the demo covers: 7moor's 101–115 and WeChat's raw "1" from the doc's example row. */
export const SAMPLE_MESSAGE_TYPES = ['101', '102', '103', '104', '105', '106', '107', '108', '109', '110', '111', '112', '113', '114', '115', '1'] as const;
export type SampleMessageType = (typeof SAMPLE_MESSAGE_TYPES)[number];

const seconds = (ms: number): string => String(Math.floor(ms / 1000));
const media = (rng: Rng, folder: string, ext: string): string => `https://wpfile.7moor.com/wechat/${folder}/${hex(rng, 24)}.${ext}`;

export function sampleMessageBody(type: SampleMessageType, rng: Rng, p: SampleParties): SampleBody {
  switch (type) {
    case '101':
    case '1':
      return { msg: pick(rng, p.outgoing ? AGENT_TEXTS : CUSTOMER_TEXTS) };
    case '102':
      return { bigImgPath: media(rng, 'img', 'jpg'), thumbImgPath: media(rng, 'thumb', 'jpg') };
    case '103':
      return { thumbImgPath: media(rng, 'voice', 'amr') };
    case '104':
      return { bigImgPath: media(rng, 'video', 'mp4'), thumbImgPath: media(rng, 'cover', 'jpg') };
    case '105':
      return {
        msg: JSON.stringify(
          rng() < 0.5
            ? { nickName: '一块二包邮', wxNo: 'gh_66cc2df58915', bigHeadImgUrl: avatar(rng, 0), smallHeadImgUrl: avatar(rng, 96) }
            : { nickName: personName(rng), wxNo: wxid(rng), bigHeadImgUrl: avatar(rng, 0), smallHeadImgUrl: avatar(rng, 96) },
        ),
      };
    case '106':
      return { msg: JSON.stringify({ ...pick(rng, PLACES), wxNo: p.outgoing ? p.agentWxNo : p.peerWxNo }) };
    case '107':
      return { msg: JSON.stringify({ ...pick(rng, LINKS), showtrueype: '0', recordItem: '' }) };
    case '108':
      return { msg: JSON.stringify(systemNotice(rng, p)) };
    case '109':
      return {
        msg: JSON.stringify({
          test: p.outgoing ? '你撤回了一条消息' : `"${p.peerNick}" 撤回了一条消息`,
          timestrueamp: String(p.atMs),
          preContent: pick(rng, p.outgoing ? AGENT_TEXTS : CUSTOMER_TEXTS),
          link: { text: '重新编辑' },
        }),
      };
    case '110':
      return { msg: pick(rng, [`"${p.agentNick}"邀请"${p.peerNick}"加入了群聊`, `"${p.agentNick}"修改群名为“${pick(rng, GROUP_NAMES)}”`, `"${p.peerNick}"通过扫描二维码加入群聊`]) };
    case '111':
      return { msg: `<msg><appmsg appid="" sdkver="0"><title>${pick(rng, ['直播预告：今晚8点新品发布', '限时优惠券'])}</title><des>点击查看</des><url>https://mp.weixin.qq.com/s/Live${hex(rng, 6)}</url></appmsg></msg>` };
    case '112':
      return { msg: JSON.stringify(redPacket(rng, p)) };
    case '113':
      return { msg: JSON.stringify(groupCollection(rng, p)) };
    case '114':
      return { msg: JSON.stringify({ content: `@${p.peerNick} @${p.agentNick}\n你有一笔未支付的群收款`, payId: hex(rng, 96) }) };
    case '115':
      return { msg: JSON.stringify(transfer(rng, p)) };
  }
}

function systemNotice(rng: Rng, p: SampleParties): Record<string, unknown> {
  switch (between(rng, 1, 3)) {
    case 1:
      return { content: `${p.peerNick}领取了你的红包`, payId: `10000395012019${digits(rng, 17)}`, msgIsSend: '', type: 1 };
    case 2:
      return { content: pick(rng, ['位置共享已经结束', `你已添加了${p.peerNick}，现在可以开始聊天了。`]), payId: '', msgIsSend: '', type: 2 };
    default:
      return { content: `"${p.peerNick}" 撤回了一条消息`, payId: '', msgIsSend: '', type: 3 };
  }
}

function redPacket(rng: Rng, p: SampleParties): Record<string, unknown> {
  const sendId = `10000395012019${digits(rng, 17)}`;
  const greeting = pick(rng, ['恭喜发财，大吉大利', '普天同庆', '合作愉快']);
  const url = `https://wxapp.tenpay.com/mmpayhb/wxhb_personalreceive?showwxpaytitle=1&msgtype=1&channelid=1&sendid=${sendId}&ver=6&sign=${hex(rng, 64)}`;
  return {
    des: '我给你发了一个红包，赶紧去拆!',
    url,
    type: '2001',
    title: '微信红包',
    thumbUrl: 'https://wx.gtimg.com/hongbao/1800/hb.png',
    wcPayInfo: {
      templateId: hex(rng, 32),
      url,
      iconUrl: 'https://wx.gtimg.com/hongbao/1800/hb.png',
      receivertrueitle: greeting,
      sendertrueitle: greeting,
      scenetrueext: '微信红包',
      senderDes: '查看红包',
      receiverDes: '领取红包',
      nativeUrl: `wxpay://c2cbizmessagehandler/hongbao/receivehongbao?msgtype=1&channelid=1&sendid=${sendId}&sendusername=${p.outgoing ? p.agentWxNo : p.peerWxNo}&ver=6`,
      sceneId: '1002',
      innertrueype: '0',
      payMsgId: sendId,
      Invalidtrueime: seconds(p.atMs + 86_400_000),
      m7trueype: rng() < 0.5 ? '0' : '1',
    },
  };
}

function groupCollection(rng: Rng, p: SampleParties): Record<string, unknown> {
  const payers = (p.memberWxNos ?? [p.peerWxNo]).filter((w) => w !== p.agentWxNo).slice(0, 5);
  const paid = between(rng, 0, payers.length);
  const status = paid === 0 ? 1 : paid === payers.length ? 3 : 2;
  const fen = between(rng, 1, 50) * 100;
  const title = pick(rng, ['活动账单', '聚餐AA', '团购拼单']);
  return {
    des: '',
    url: 'https://support.weixin.qq.com/security/readtemplate?t=w_security_center_website/upgrade&wechat_real_lang=zh_CN',
    type: '2001',
    title: '',
    thumbUrl: 'http://wx.gtimg.com/hongbao/img/newaa_3x.png',
    wcPayInfo: {
      templateId: hex(rng, 32),
      iconUrl: 'http://wx.gtimg.com/hongbao/img/newaa_3x.png',
      receivertrueitle: title,
      sendertrueitle: title,
      scenetrueext: title,
      senderDes: `每人需支付${(fen / 100).toFixed(2)}元`,
      receiverDes: `每人需支付${(fen / 100).toFixed(2)}元`,
      nativeUrl: '',
      sceneId: '1001',
      innertrueype: '0',
      payMsgId: '',
      Invalidtrueime: seconds(p.atMs + 86_400_000),
      newAa: {
        billNo: hex(rng, 96),
        newAatrueype: '2',
        receiverList: `${p.outgoing ? p.agentWxNo : p.peerWxNo},${status},${payers.length},${paid}`,
        payerList: payers.map((w, i) => `${w},${fen},${i < paid ? 2 : 1}`).join('|'),
      },
      m7trueype: '0',
    },
    content: '',
  };
}

const TRANSFER_CASES = [
  { paySubType: '1', m7Type: '0' },
  { paySubType: '1', m7Type: '1' },
  { paySubType: '3', m7Type: '2' },
  { paySubType: '4', m7Type: '3' },
  { paySubType: '5', m7Type: '4' },
  { paySubType: '7', m7Type: '0' },
] as const;

function transfer(rng: Rng, p: SampleParties): Record<string, unknown> {
  const { paySubType, m7Type } = pick(rng, TRANSFER_CASES);
  const amount = (between(rng, 1, 500_00) / 100).toFixed(2);
  return {
    title: '微信转账',
    des: `收到转账${amount}元。如需收钱，请点此升级至最新版本`,
    type: '2000',
    content: '',
    url: 'https://support.weixin.qq.com/cgi-bin/mmsupport-bin/readtemplate?t=page/common_page__upgrade&text=text001&btn_text=btn_text_0',
    thumbUrl: '',
    lowurl: '',
    extinfo: '',
    wcPayInfo: {
      paySubtrueype: paySubType,
      feeDesc: `¥${amount}`,
      transcationId: `1000050101${digits(rng, 26)}`,
      transferId: `10000501012019${digits(rng, 17)}`,
      invalidtrueime: seconds(p.atMs + 86_400_000),
      begintrueransfertrueime: seconds(p.atMs),
      effectiveDate: '1',
      payMsgId: '',
      payMemo: rng() < 0.3 ? '货款' : '',
      hastrueransferAddress: '',
      m7trueype: m7Type,
    },
  };
}

/** A work-phone recording path the way 7moor sends it: no scheme. */
export function recordingPath(rng: Rng, localTel: string, atMs: number, direction: 'in' | 'out'): string {
  const day = chinaDate(atMs).replace(/-/g, '');
  return `cf-workphone.oss-cn-hangzhou.aliyuncs.com/originalRecord/P00000000024/${day.slice(0, 6)}/${day}${digits(rng, 6)}-${localTel}-${direction}Call-${atMs}.mp3`;
}
