// What identifies things at Youmi (友米聚合) in the contract's input: an operating WeChat account
// (运营号) and a fan. Used by the account settings and by adding a conversation by its key.
import { z } from 'zod';
import { singleLine } from './text';

/**
 * An operating account's id (`ad_wechat_id`, `wechatId` in GetChat): an integer at Youmi, typed
 * as text in forms and the send API. Either form is accepted; it is kept as text without leading
 * zeros, the way the chat rows key their conversations, so "01906" and 1906 follow the same account.
 */
export const YoumiWechatId = z
  .union([z.string().trim().regex(/^\d{1,18}$/, 'WeChat account id is numeric'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((id) => String(id).replace(/^0+(?=\d)/, ''));

/** A fan's key (`ad_chatting_talter`, GetChat's `fansKey`): a WeChat id such as wxid_…, or a group's …@chatroom. */
export const YoumiFansKey = singleLine({ min: 1, max: 128 });
