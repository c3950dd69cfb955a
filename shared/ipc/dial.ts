// Click-to-dial and auto-add-on-WeChat through the agent's own work phone (7moor).
import { z } from 'zod';
import { SerializedError } from '../errors';
import { Contact } from '../model';
import { method } from './define';
import { LocalId, PhoneInput } from './common';

export const DialAttempt = z.object({
  id: LocalId,
  phone: z.string(),
  workPhone: z.string(),
  at: z.number(),
  /** Where the agent clicked: 'message', 'contact', 'customer', 'call', 'sms', 'link' (tel:) ... */
  source: z.string(),
  state: z.enum(['calling', 'failed']),
  error: SerializedError.optional(),
});
export type DialAttempt = z.infer<typeof DialAttempt>;

/** Where the agent clicked, in the app's own words ('message', 'callList', ...). */
const DialSource = z.string().regex(/^[a-z][A-Za-z]{0,19}$/, 'dial source');

export const dialMethods = {
  /**
   * Asks 7moor to make the agent's work phone call `phone`. Every attempt is logged locally.
   * Failures the renderer tells apart: VENDOR with details.statusCode 4001 (work phone offline) or
   * 4008 (IP not whitelisted); no work-phone number set yet: an error with details { field: 'workPhone' }
   * (the same for dial.addWeChat).
   */
  'dial.call': method(z.object({ phone: PhoneInput, source: DialSource.default('manual') }).strict(), DialAttempt),
  'dial.listAttempts': method(z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(), z.array(DialAttempt)),
  /** 7moor autoAddWx: the work phone sends a friend request to the WeChat of `phone`. */
  'dial.addWeChat': method(z.object({ phone: PhoneInput }).strict(), z.object({ phone: z.string(), requestedAt: z.number() })),
  /** Whether a WeChat contact carrying this phone number appeared since the request. */
  'dial.checkWeChatAdded': method(
    z.object({ phone: PhoneInput, since: z.number().int() }).strict(),
    z.object({ found: z.boolean(), contact: Contact.optional() }),
  ),
};

export const dialEvents = {
  /** A tel:/workphone: link opened the app: the renderer asks the agent to confirm the call. */
  'dial.onDidRequestConfirm': z.object({ phone: z.string(), source: z.string() }),
};
