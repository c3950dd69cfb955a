// Streams raw v2 GetChat rows for benchmarks: deterministic for a seed, every type of the table,
// Chinese text mixed with phone numbers, Latin product names, wxid_ ids and emoji codes. Only the
// conversation list is held in memory, so a million rows cost no more than a thousand.
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
  type SampleFan,
  type SampleVariant,
} from './samples';
import type { YoumiWireRow } from './wire';

export interface YoumiRowGeneratorOptions {
  seed: number;
  /** Distinct fans (conversations), spread over the operator accounts. */
  conversations: number;
  messages: number;
  startMs: number;
  endMs: number;
  /** Operator WeChat accounts (default 2). */
  operators?: number;
  /** First ad_chatting_id (default 1); ids then only grow. */
  firstChattingId?: number;
  merchantId?: string;
}

export function* generateYoumiV2Rows(options: YoumiRowGeneratorOptions): Generator<YoumiWireRow, void, undefined> {
  const { seed, messages, startMs, endMs } = options;
  const conversations = Math.max(1, Math.floor(options.conversations));
  const operators = Array.from({ length: Math.max(1, options.operators ?? 2) }, (_, i) => operatorAccount(i));
  const merchantId = options.merchantId ?? '333513091';
  const rng = new SeededRandom(seed);
  const fans: (SampleFan & { operator: number })[] = [];
  for (let i = 0; i < conversations; i++) {
    fans.push({ wxid: fanWxid(rng), name: fanName(rng), photo: avatarUrl(rng), operator: i % operators.length });
  }

  const span = Math.max(0, endMs - startMs);
  let chattingId = options.firstChattingId ?? 1;
  let current = 0;
  for (let i = 0; i < messages; i++) {
    // Conversations come in bursts: most messages continue the current chat.
    if (!rng.chance(0.7)) current = rng.int(conversations);
    const fan = fans[current]!;
    const operator = operators[fan.operator]!;
    // Message i falls inside its own slice of the span, so times never go backwards.
    const at = startMs + Math.floor((span * (i + rng.next())) / Math.max(1, messages));
    const variant = i < SAMPLE_VARIANTS.length ? (SAMPLE_VARIANTS[i] as SampleVariant) : pickVariant(rng);
    const outbound = rng.chance(0.45);
    const sample = sampleContent(rng, variant, { atSec: Math.floor(at / 1000), fanName: fan.name, outbound });
    const isSend = (sample.direction ?? (outbound ? 'out' : 'in')) === 'out';
    yield wireRow({ chattingId, fan, operator, atMs: at, sample, outbound: isSend, merchantId, rng });
    chattingId += rng.chance(0.1) ? 2 + rng.int(3) : 1;
  }
}
