// What Zhuge's 公众号 chat endpoints put on the wire, as the doc shows it and as the vendor's
// public backend (zhugeleida/views_dir/gongzhonghao/chat.py) really sends it. Schemas accept
// every form seen: ids as numbers or strings, `user_avator` (doc, old getmsg) beside
// `user_avatar`, `from_user_name` beside `customer`, null where Django had nothing.
import { z } from 'zod';

export const ZHUGE_PATHS = {
  sendMessage: 'zhugeleida/gongzhonghao/chat/send_msg/0',
  latest: 'zhugeleida/gongzhonghao/chat/getmsg/0',
  history: 'zhugeleida/gongzhonghao/chat',
  unreadCount: 'zhugeleida/gongzhonghao/chat/query_num/0',
} as const;

/** Endpoint keys for logs, errors, faults and the rate limiter. */
export const ZHUGE_ENDPOINTS = {
  sendMessage: 'zhuge.send_msg',
  latest: 'zhuge.getmsg',
  history: 'zhuge.chat',
  unreadCount: 'zhuge.query_num',
} as const;
export type ZhugeEndpoint = (typeof ZHUGE_ENDPOINTS)[keyof typeof ZHUGE_ENDPOINTS];

/** The vendor's codes (publicFunc/Response.py starts every answer at 0). */
export const ZHUGE_CODE = {
  ok: 200,
  /** An untouched ResponseObj: the old paged history answers it for a page with no rows. */
  untouched: 0,
  badSignature: 400,
  formError: 402,
  /** The agent's customer-service message did not reach WeChat; a template message was sent instead. */
  notDelivered: 301,
  /** query_num's form error. */
  queryFormError: 302,
} as const;

const intLike = z.union([z.number().int(), z.string().trim().regex(/^-?\d+$/).transform(Number)]);
/** A field that may be missing, null, a number or a string; anything else is dropped, not fatal. */
const looseString = z
  .union([z.string(), z.number().transform(String), z.null().transform(() => undefined)])
  .optional()
  .catch(undefined);
const looseInt = z.union([intLike, z.null().transform(() => undefined)]).optional().catch(undefined);
const looseBool = z
  .union([z.boolean(), z.literal(0).transform(() => false), z.literal(1).transform(() => true), z.enum(['true', 'false']).transform((v) => v === 'true')])
  .optional()
  .catch(undefined);

export const ZhugeEnvelope = z.looseObject({
  code: intLike,
  msg: looseString,
  data: z.unknown().optional(),
});
export type ZhugeEnvelope = z.infer<typeof ZhugeEnvelope>;

/**
 * One chat row. The server merges the stored `content` JSON into the row, so the content's
 * fields (msg, url, product_*) sit at the top level beside the ids.
 */
export const ZhugeChatRow = z.looseObject({
  customer_id: looseInt,
  user_id: looseInt,
  customer: looseString,
  from_user_name: looseString,
  customer_headimgurl: looseString,
  user_avatar: looseString,
  user_avator: looseString,
  dateTime: looseString,
  send_type: looseInt,
  is_first_info: looseBool,
  info_type: looseInt,
  msg: looseString,
  url: looseString,
  product_cover_url: looseString,
  product_name: looseString,
  product_price: looseString,
});
export type ZhugeChatRow = z.infer<typeof ZhugeChatRow>;

const rowList = z.array(z.unknown()).nullish().transform((rows) => rows ?? []);

export const ZhugeLatestData = z.looseObject({
  ret_data: rowList,
  data_count: looseInt,
});

export const ZhugeHistoryData = z.looseObject({
  ret_data: rowList,
  /** The doc and our notes say page length; the vendor's current source counts the whole chat. Never relied on. */
  data_count: looseInt,
  /** The radar user's (the agent's) business-card phone and WeChat, not the customer's. */
  mingpian_phone: looseString,
  wechat: looseString,
  company_name: looseString,
  user_name: looseString,
});

export const ZhugeCountData = z.looseObject({
  chatinfo_count: intLike,
});

/**
 * What a customer's side may post through send_msg. info_type 1 text/emoji, 2 product
 * consultation, 3 the phone/WeChat request, 4 image, 5 video; the server stores it as given
 * (only type 1's msg is base64-encoded at rest and decoded on the way out).
 */
export const ZhugeCustomerContent = z.discriminatedUnion('info_type', [
  z.object({ info_type: z.literal(1), msg: z.string().min(1) }),
  z.object({
    info_type: z.literal(2),
    product_cover_url: z.string(),
    product_name: z.string().min(1),
    product_price: z.string(),
  }),
  z.object({ info_type: z.literal(3), msg: z.string().min(1) }),
  z.object({ info_type: z.literal(4), url: z.string().min(1) }),
  z.object({ info_type: z.literal(5), url: z.string().min(1) }),
]);
export type ZhugeCustomerContent = z.infer<typeof ZhugeCustomerContent>;

export type ZhugeJsonResult = { ok: true; value: unknown } | { ok: false };

/**
 * JSON.parse, then a second chance for one flaw the doc's own examples have: a lone backslash
 * before a character that JSON cannot escape ("文字\表情"). The pair is read as a literal
 * backslash, which is what the author meant. Anything else that is not JSON stays rejected
 * (the doc's query_num example wraps the object in a second pair of braces; real answers don't).
 */
export function parseZhugeJson(text: string): ZhugeJsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // fall through to the repair below
  }
  const repaired = text.replace(/\\([\s\S])/g, (pair, next: string) => ('"\\/bfnrtu'.includes(next) ? pair : `\\\\${next}`));
  if (repaired === text) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(repaired) };
  } catch {
    return { ok: false };
  }
}
