// Calls and SMS from the work phone (7moor device/call, device/sms), and the customer timeline.
import { z } from 'zod';
import { CallRecord, Direction, Message, SmsRecord } from '../model';
import { RawPayloadFields } from '../raw-payload';
import { method } from './define';
import { AccountId, DateRange, LocalId, page, PageInput, VendorKey } from './common';
import { singleLine } from './text';

/** A stored call; `raw` is 7moor's row, cut like a message's (raw-payload.ts). */
export const CallRow = CallRecord.extend({ id: LocalId, accountId: AccountId, ...RawPayloadFields });
export type CallRow = z.infer<typeof CallRow>;
export const SmsRow = SmsRecord.extend({ id: LocalId, accountId: AccountId, ...RawPayloadFields });
export type SmsRow = z.infer<typeof SmsRow>;

export const RecordFilters = z
  .object({
    accountId: AccountId.optional(),
    direction: Direction.optional(),
    /** Calls only. */
    connected: z.boolean().optional(),
    /** A substring of the customer's number or name. */
    number: singleLine({ max: 32 }).optional(),
    agentId: VendorKey.optional(),
    ...DateRange.shape,
  })
  .strict();
export type RecordFilters = z.infer<typeof RecordFilters>;

export const TimelineItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), at: z.number(), call: CallRow }),
  z.object({ type: z.literal('sms'), at: z.number(), sms: SmsRow }),
  z.object({ type: z.literal('message'), at: z.number(), message: Message, conversationTitle: z.string() }),
]);
export type TimelineItem = z.infer<typeof TimelineItem>;

export const recordMethods = {
  'records.listCalls': method(z.object({ filters: RecordFilters.default({}), ...PageInput }).strict(), page(CallRow)),
  'records.listSms': method(z.object({ filters: RecordFilters.default({}), ...PageInput }).strict(), page(SmsRow)),
  /** CSV text (UTF-8 with BOM so Excel reads Chinese) of the calls matching the filters. */
  'records.exportCallsCsv': method(z.object({ filters: RecordFilters.default({}) }).strict(), z.object({ filename: z.string(), csv: z.string() })),
  'records.timeline': method(z.object({ phone: singleLine({ min: 3, max: 32 }), limit: z.number().int().min(1).max(500).default(200) }).strict(), z.array(TimelineItem)),
};

export const recordEvents = {
  'records.onDidChange': z.object({ calls: z.number().int(), sms: z.number().int() }),
};
