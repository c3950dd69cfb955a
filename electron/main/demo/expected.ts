// What a fully synced demo cache holds, rebuilt from the anchor alone (the seeds are fixed): the
// crash-resume tests compare the cache with it, row for row where the vendor gives ids.
import { buildMoorDemoDataset } from '../vendors/moor/demo-data';
import { buildYoumiDemoStore } from '../vendors/youmi/demo-data';
import { buildZhugeDemoData } from '../vendors/zhuge/demo-data';
import { DEMO_SEEDS, ZHUGE_DEMO_CUSTOMER } from './workspace';

export interface ExpectedDemoCache {
  moor: { messageIds: string[]; callIds: string[]; smsIds: string[]; contactIds: string[]; conversationKeys: string[] };
  youmi: { messageIds: string[]; conversationKeys: string[] };
  zhuge: { messages: number; conversations: number };
}

export function expectedDemoCache(anchorMs: number): ExpectedDemoCache {
  const moor = buildMoorDemoDataset({ seed: DEMO_SEEDS.moor, now: anchorMs });
  const youmi = buildYoumiDemoStore({ nowMs: anchorMs });
  const zhuge = buildZhugeDemoData({ now: anchorMs, seed: DEMO_SEEDS.zhuge });
  return {
    moor: {
      messageIds: moor.messages.map((m) => m.id),
      callIds: moor.calls.map((c) => c._id),
      smsIds: moor.sms.map((s) => s.id),
      contactIds: moor.contacts.map((c) => `${c.agentWxNo}:${c.wxNo}`),
      conversationKeys: moor.sessions.map((s) => s.id),
    },
    youmi: {
      messageIds: youmi.rows.map((r) => String(r.ad_chatting_id)),
      conversationKeys: [...new Set(youmi.rows.map((r) => `${r.ad_wechat_id}:${r.ad_chatting_talter}`))],
    },
    zhuge: { messages: zhuge.messages.filter((m) => m.customerId === ZHUGE_DEMO_CUSTOMER).length, conversations: 1 },
  };
}
