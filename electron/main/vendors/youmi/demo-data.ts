// The simulator's seeded store: two operator WeChat accounts, 26 fans (one of them a group),
// 30 days of chats that use every type of the table. The same seed gives the same store.
import {
  avatarUrl,
  fanName,
  fanWxid,
  operatorAccount,
  pickVariant,
  SAMPLE_VARIANTS,
  sampleContent,
  SeededRandom,
  wireRow,
  type OperatorAccount,
  type SampleFan,
  type SampleVariant,
} from './samples';
import type { YoumiWireRow } from './wire';

export interface YoumiFan extends SampleFan {
  /** ad_wechat_id of the operator account the fan is a friend of. */
  wechatId: number;
  /** ad_friend_id: Youmi's number for the friend (v1 send). */
  friendId: number;
}

export interface YoumiStoreSeed {
  merchantId: string;
  operators: OperatorAccount[];
  fans: YoumiFan[];
  rows: YoumiWireRow[];
}

export interface YoumiDemoOptions {
  seed?: number;
  /** The demo's "now": its 30 days end here. */
  nowMs: number;
  fans?: number;
  days?: number;
}

const DAY = 86_400_000;

export function buildYoumiDemoStore(options: YoumiDemoOptions): YoumiStoreSeed {
  const rng = new SeededRandom(options.seed ?? 20260101);
  const operators = [operatorAccount(0), operatorAccount(1)];
  const fanCount = Math.max(2, options.fans ?? 26);
  const days = Math.max(1, options.days ?? 30);
  const fans: YoumiFan[] = [];
  for (let i = 0; i < fanCount; i++) {
    const operator = operators[i % 2]!;
    fans.push({ wxid: fanWxid(rng), name: fanName(rng), photo: avatarUrl(rng), wechatId: operator.wechatId, friendId: 50_001 + i });
  }
  // The v1 doc's own friend, so the docs' examples and the demo talk about the same person.
  fans[0] = { ...fans[0]!, wxid: 'wxid_ujwy4r6nkjdb22', name: '心赠于你w' };
  fans[fanCount - 1] = { ...fans[fanCount - 1]!, wxid: '23678910452@chatroom', name: '友米VIP客户群' };

  // Chats happen in bursts on a few days per fan.
  const slots: { fan: YoumiFan; at: number }[] = [];
  const start = options.nowMs - days * DAY;
  for (const fan of fans) {
    const chatDays = 3 + rng.int(6);
    for (let d = 0; d < chatDays; d++) {
      let at = start + rng.int(days) * DAY + (9 + rng.int(12)) * 3_600_000 + rng.int(3_600_000);
      const burst = 2 + rng.int(7);
      for (let m = 0; m < burst; m++) {
        at += 20_000 + rng.int(600_000);
        if (at < options.nowMs) slots.push({ fan, at });
      }
    }
  }
  slots.sort((a, b) => a.at - b.at);

  // Every row of the type table at least once, spread over the month; the rest weighted like real traffic.
  const forced = new Map<number, SampleVariant>();
  SAMPLE_VARIANTS.forEach((variant, i) => forced.set(Math.floor(((i + 0.5) * slots.length) / SAMPLE_VARIANTS.length), variant));

  const merchantId = '333513091';
  let chattingId = 100_001;
  const rows = slots.map((slot, i) => {
    const operator = operators.find((o) => o.wechatId === slot.fan.wechatId)!;
    const outbound = rng.chance(0.45);
    const variant = forced.get(i) ?? pickVariant(rng);
    const sample = sampleContent(rng, variant, { atSec: Math.floor(slot.at / 1000), fanName: slot.fan.name, outbound });
    const isSend = (sample.direction ?? (outbound ? 'out' : 'in')) === 'out';
    return wireRow({ chattingId: chattingId++, fan: slot.fan, operator, atMs: slot.at, sample, outbound: isSend, merchantId, rng });
  });
  return { merchantId, operators, fans, rows };
}
