// Zhuge's request signature, as the vendor's backend checks it (publicFunc/account.py is_token):
// rand_str = md5(str(timestamp) + token), lower-case hex. The server never checks that the
// timestamp is recent, but we sign afresh on every attempt anyway so no signed URL is reused.
import { createHash } from 'node:crypto';

export function zhugeRandStr(timestamp: number | string, token: string): string {
  return createHash('md5').update(`${timestamp}${token}`, 'utf8').digest('hex');
}

export interface ZhugeSignature {
  timestamp: number;
  rand_str: string;
}

/** The two signed query parameters; `user_id` (the customer) travels beside them unsigned. */
export function signZhugeRequest(token: string, nowMs: number): ZhugeSignature {
  const timestamp = Math.trunc(nowMs);
  return { timestamp, rand_str: zhugeRandStr(timestamp, token) };
}
