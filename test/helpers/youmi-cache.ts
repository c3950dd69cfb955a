// A cache that holds what a Youmi v2 sync would have stored for account `youmi-1`: the account and
// the simulator's chats, decoded by the real decoder, without running the sync.
import type { Store } from '../../electron/main/store';
import { decodeYoumiV2Row } from '../../electron/main/vendors/youmi/decoder';
import { youmiV2ReplyKinds } from '../../electron/main/vendors/youmi/send';
import type { YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';

export const YOUMI_ACCOUNT = 'youmi-1';

export function cacheYoumiChats(store: Store, youmi: YoumiSimulator): void {
  store.accounts.upsert({ id: YOUMI_ACCOUNT, vendor: 'youmi', label: '友米', baseUrl: youmi.url, settings: { apiVersion: 'v2', wechatIds: youmi.operators.map((o) => String(o.wechatId)) } });
  const messages = youmi.rows().map(decodeYoumiV2Row);
  const keys = [...new Set(messages.map((m) => m.conversationKey))];
  store.applyMessagePage({
    accountId: YOUMI_ACCOUNT,
    vendor: 'youmi',
    messages,
    conversations: keys.map((conversationKey) => ({ conversationKey, kind: 'direct' as const, capabilities: youmiV2ReplyKinds(0) })),
    countsAsUnread: false,
  });
}
