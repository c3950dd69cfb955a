// Accounts: one per vendor login. Secrets go in through add/update and never come back out:
// the renderer only learns `hasSecret`.
import { z } from 'zod';
import { SerializedError } from '../errors';
import { Agent, Vendor } from '../model';
import { method } from './define';
import { AccountId, PhoneInput, VendorKey } from './common';
import { singleLine, vendorBaseUrl } from './text';
import { YoumiWechatId } from './youmi';

/** https (http only to this computer), no user name, password, query or fragment (shared/ipc/text.ts). */
const BaseUrl = vendorBaseUrl({ max: 500 });
const Label = singleLine({ min: 1, max: 60 });
/** Secrets are long random strings; the bounds only stop absurd input (a pasted line break is trimmed). */
const Secret = singleLine({ min: 1, max: 500 });

export const MoorSettings = z.object({ clientId: singleLine({ min: 1, max: 200 }) });
export const YoumiSettings = z.object({
  apiVersion: z.enum(['v1', 'v2']),
  tenantId: singleLine({ max: 100 }).optional(),
  /** The operating WeChat accounts (运营号) whose chats to follow: their ids, as text or as integers. */
  wechatIds: z.array(YoumiWechatId).min(1).max(50),
});
export const ZhugeSettings = z.object({
  /** The official-account customer (user_id). */
  userId: z.string().trim().regex(/^\d{1,18}$/),
  /** The radar user, i.e. the agent (u_id). */
  uId: z.string().trim().regex(/^\d{1,18}$/),
});

export const AccountDraft = z.discriminatedUnion('vendor', [
  z.object({ vendor: z.literal('moor'), label: Label, baseUrl: BaseUrl, settings: MoorSettings, clientSecret: Secret }).strict(),
  z.object({ vendor: z.literal('youmi'), label: Label, baseUrl: BaseUrl, settings: YoumiSettings, token: Secret }).strict(),
  z.object({ vendor: z.literal('zhuge'), label: Label, baseUrl: BaseUrl, settings: ZhugeSettings, token: Secret }).strict(),
]);
export type AccountDraft = z.infer<typeof AccountDraft>;

export const AccountPatch = z
  .object({
    id: AccountId,
    label: Label.optional(),
    baseUrl: BaseUrl.optional(),
    settings: z.union([MoorSettings, YoumiSettings, ZhugeSettings]).optional(),
    /** A new secret replaces the stored one; absent keeps it. */
    secret: Secret.optional(),
  })
  .strict();

export const AccountStatus = z.enum(['connected', 'syncing', 'reloginNeeded', 'keychainMissing', 'error', 'paused', 'unknown']);

export const AccountSummary = z.object({
  id: AccountId,
  vendor: Vendor,
  label: z.string(),
  baseUrl: z.string(),
  settings: z.union([MoorSettings, YoumiSettings, ZhugeSettings]),
  hasSecret: z.boolean(),
  status: AccountStatus,
  lastError: SerializedError.optional(),
  /** 7moor only: when the current access token expires (epoch ms). */
  tokenExpiresAt: z.number().optional(),
  demo: z.boolean(),
  createdAt: z.number(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  /** What was checked, in the agent's words. */
  checked: z.string(),
  checkedZh: z.string(),
  error: SerializedError.optional(),
});

export const MyWorkPhone = z.object({
  accountId: AccountId,
  agentId: z.string().optional(),
  agentName: z.string().optional(),
  phone: z.string(),
});
export type MyWorkPhone = z.infer<typeof MyWorkPhone>;

export const accountMethods = {
  'accounts.list': method(z.object({}).strict(), z.array(AccountSummary)),
  'accounts.add': method(AccountDraft, AccountSummary),
  'accounts.update': method(AccountPatch, AccountSummary),
  'accounts.test': method(z.object({ id: AccountId }).strict(), ConnectionTestResult),
  'accounts.remove': method(z.object({ id: AccountId, deleteCachedData: z.boolean() }).strict(), z.object({ removed: z.literal(true) })),
  /** Creates the three demo accounts against the in-process simulators. */
  'accounts.createDemo': method(z.object({}).strict(), z.array(AccountSummary)),
  /** 7moor getUsers, so the agent can pick themselves. */
  'accounts.listAgents': method(z.object({ accountId: AccountId }).strict(), z.array(Agent)),
  'accounts.getMyWorkPhone': method(z.object({}).strict(), MyWorkPhone.nullable()),
  'accounts.setMyWorkPhone': method(
    z.object({ accountId: AccountId, agentId: VendorKey.optional(), agentName: singleLine({ max: 100 }).optional(), phone: PhoneInput }).strict(),
    MyWorkPhone,
  ),
};

export const accountEvents = {
  'accounts.onDidChange': z.array(AccountSummary),
};
