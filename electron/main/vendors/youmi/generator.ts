// Streams raw v2 GetChat rows for benchmarks: deterministic for a seed, every type of the table,
// Chinese text mixed with phone numbers, Latin product names, wxid_ ids and emoji codes. Only the
// conversation list is held in memory, so a million rows cost no more than a thousand.
import {
  avatarUrl,
  chinaIso,
  encodeResvred,
  fanName,
  fanWxid,
  operatorAccount,
  SAMPLE_VARIANTS,
  sampleContent,
  SeededRandom,
  serverMsgId,
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

// Relative frequency of each table row in a sales agent's day: mostly text, some pictures and
// voice, a trickle of everything else.
const WEIGHT_BY_KIND: Partial<Record<SampleVariant['kind'], number>> = {
  text: 66,
  image: 10 / 3,
  voice: 3,
  link: 3,
  file: 2,
  quote: 2,
  card: 0.7,
  location: 1,
  miniProgram: 1,
  video: 1,
};
const CUMULATIVE: number[] = [];
{
  let total = 0;
  for (const variant of SAMPLE_VARIANTS) {
    total += WEIGHT_BY_KIND[variant.kind] ?? 0.4;
    CUMULATIVE.push(total);
  }
}

function pickVariant(rng: SeededRandom): SampleVariant {
  const target = rng.next() * (CUMULATIVE[CUMULATIVE.length - 1] ?? 1);
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((CUMULATIVE[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return SAMPLE_VARIANTS[lo] as SampleVariant;
}

interface Fan {
  wxid: string;
  name: string;
  photo: string;
  operator: number;
}

export function* generateYoumiV2Rows(options: YoumiRowGeneratorOptions): Generator<YoumiWireRow, void, undefined> {
  const { seed, messages, startMs, endMs } = options;
  const conversations = Math.max(1, Math.floor(options.conversations));
  const operators = Array.from({ length: Math.max(1, options.operators ?? 2) }, (_, i) => operatorAccount(i));
  const merchantId = options.merchantId ?? '333513091';
  const rng = new SeededRandom(seed);
  const fans: Fan[] = [];
  for (let i = 0; i < conversations; i++) {
    fans.push({ wxid: fanWxid(rng), name: fanName(rng), photo: avatarUrl(rng), operator: i % operators.length });
  }

  const span = Math.max(0, endMs - startMs);
  let chattingId = options.firstChattingId ?? 1;
  let current = 0;
  for (let i = 0; i < messages; i++) {
    // Conversations come in bursts: most messages continue the current chat.
    if (!rng.chance(0.7)) current = rng.int(conversations);
    const fan = fans[current] as Fan;
    const operator = operators[fan.operator] ?? operators[0]!;
    // Message i falls inside its own slice of the span, so times never go backwards.
    const at = startMs + Math.floor((span * (i + rng.next())) / Math.max(1, messages));
    const atSec = Math.floor(at / 1000);
    const variant = i < SAMPLE_VARIANTS.length ? (SAMPLE_VARIANTS[i] as SampleVariant) : pickVariant(rng);
    const outbound = rng.chance(0.45);
    const sample = sampleContent(rng, variant, { atSec, fanName: fan.name, outbound });
    const isSend = (sample.direction ?? (outbound ? 'out' : 'in')) === 'out';
    yield {
      ad_chatting_id: chattingId,
      ad_chatting_talter: fan.wxid,
      ad_chatting_issend: isSend ? 1 : 0,
      ad_chatting_resvred: encodeResvred(sample.resvred, rng.chance(0.2)),
      ad_wechat_id: operator.wechatId,
      merchantid: merchantId,
      ad_chatting_updatetime: chinaIso(at + 200 + rng.int(2000), rng),
      ad_chatting_sate: sample.type,
      ad_sermsgid: serverMsgId(rng),
      ad_chatting_time: String(atSec),
      ad_chatting_content: sample.content,
      ad_staff_code: isSend ? operator.staffCode : null,
      ad_voice_txt: sample.voiceText,
      ad_friend_photo: fan.photo,
      ad_friend_name: fan.name,
      ad_expand: '0',
      ad_wechat_nober: operator.wxNo,
    };
    chattingId += rng.chance(0.1) ? 2 + rng.int(3) : 1;
  }
}
