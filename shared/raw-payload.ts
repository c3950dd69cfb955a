// The vendor payload of a message, call or SMS as it crosses IPC: the row exactly as received,
// cut to a size a page of 500 records can carry. The cache keeps every payload whole (re-decoding
// reads it there); only what leaves main is cut, and a cut payload says how long it was.
import { z } from 'zod';

/**
 * UTF-16 code units. Every row in the vendors' docs is under 2,000; at this cap the largest page
 * (500 calls) carries at most 4 M units of payload, however odd the rows.
 */
export const RAW_PAYLOAD_LIMIT = 8_192;

export const RawPayloadFields = {
  /** The vendor payload (JSON text), at most RAW_PAYLOAD_LIMIT units. */
  raw: z.string(),
  /** Present only when `raw` was cut: the payload's full length. */
  rawLength: z.number().int().positive().optional(),
};

export interface RawPayload {
  raw: string;
  rawLength?: number;
}

export function capRawPayload(raw: string, limit = RAW_PAYLOAD_LIMIT): RawPayload {
  if (raw.length <= limit) return { raw };
  // Never end on the first half of a surrogate pair: an unpaired half breaks every JSON consumer.
  const last = raw.charCodeAt(limit - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit;
  return { raw: raw.slice(0, end), rawLength: raw.length };
}
