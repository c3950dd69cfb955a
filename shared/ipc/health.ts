// What the decoders of this version could not read, per account, endpoint and kind (the health
// panel), and the re-reading of stored records after an update brought better decoders.
import { z } from 'zod';
import { UndecodedKind, UndecodedRecordType } from '../model';
import { method } from './define';
import { AccountId } from './common';

export const UndecodedGroup = z.object({
  accountId: AccountId,
  /** The client's endpoint name, e.g. "moor.wechat.getWeMessageByPage". */
  endpoint: z.string(),
  recordType: UndecodedRecordType,
  kind: UndecodedKind,
  /** Records (or, for whole answers, how many answers came). */
  count: z.number().int().nonnegative(),
  /** Type codes of unknown records, among the newest. */
  vendorTypes: z.array(z.string()),
  /** Fields that could not be read, among the newest. */
  fields: z.array(z.string()),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  /** A bug report to copy: what, where, how many, and the newest payload with people, ids and secrets masked. */
  report: z.string(),
});
export type UndecodedGroup = z.infer<typeof UndecodedGroup>;

export const RedecodeStatus = z.object({
  running: z.boolean(),
  /** Stored records looked at so far. */
  done: z.number().int().nonnegative(),
  /** Records there are to look at, when known. */
  total: z.number().int().nonnegative().optional(),
  /** Records whose content changed because a better decoder could read them. */
  redecoded: z.number().int().nonnegative(),
  finishedAt: z.number().optional(),
});
export type RedecodeStatus = z.infer<typeof RedecodeStatus>;

export const healthMethods = {
  'health.listUndecoded': method(z.object({ accountId: AccountId }).strict(), z.array(UndecodedGroup)),
  'health.getRedecodeStatus': method(z.object({}).strict(), RedecodeStatus),
};

export const healthEvents = {
  /** These accounts' undecoded records changed: ask again when their panel is open. */
  'health.onDidChangeUndecoded': z.object({ accountIds: z.array(AccountId) }),
  'health.onDidProgressRedecode': RedecodeStatus,
};
