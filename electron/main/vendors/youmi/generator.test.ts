import { describe, expect, it } from 'vitest';
import { decodeYoumiV2Row, YOUMI_MESSAGE_TYPES } from './decoder';
import { generateYoumiV2Rows, type YoumiRowGeneratorOptions } from './generator';

const OPTIONS: YoumiRowGeneratorOptions = { seed: 42, conversations: 300, messages: 20_000, startMs: Date.UTC(2025, 0, 1), endMs: Date.UTC(2025, 6, 1) };

function take<T>(iterable: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const item of iterable) {
    if (out.length >= n) break;
    out.push(item);
  }
  return out;
}

describe('generateYoumiV2Rows', () => {
  it('is deterministic for a seed', () => {
    expect(take(generateYoumiV2Rows(OPTIONS), 500)).toEqual(take(generateYoumiV2Rows(OPTIONS), 500));
    expect(take(generateYoumiV2Rows({ ...OPTIONS, seed: 43 }), 50)).not.toEqual(take(generateYoumiV2Rows(OPTIONS), 50));
  });

  it('streams: a billion-message run yields its first rows without building the rest', () => {
    const rows = take(generateYoumiV2Rows({ ...OPTIONS, messages: 1_000_000_000 }), 1000);
    expect(rows).toHaveLength(1000);
  });

  it('yields exactly the asked number of rows, ids growing, times in range and never going back', () => {
    const rows = [...generateYoumiV2Rows(OPTIONS)];
    expect(rows).toHaveLength(OPTIONS.messages);
    let previousId = 0;
    let previousTime = 0;
    for (const row of rows) {
      const at = Number(row.ad_chatting_time) * 1000;
      expect(row.ad_chatting_id!).toBeGreaterThan(previousId);
      expect(at).toBeGreaterThanOrEqual(previousTime);
      previousId = row.ad_chatting_id!;
      previousTime = at;
    }
    expect(Number(rows[0]!.ad_chatting_time) * 1000).toBeGreaterThanOrEqual(OPTIONS.startMs - 1000);
    expect(previousTime).toBeLessThan(OPTIONS.endMs);
    expect(new Set(rows.map((r) => `${r.ad_wechat_id}:${r.ad_chatting_talter}`)).size).toBeLessThanOrEqual(OPTIONS.conversations);
  });

  it('covers every type and decodes without an unknown, with realistic text', () => {
    const messages = [...generateYoumiV2Rows(OPTIONS)].map((row) => ({ row, message: decodeYoumiV2Row(row) }));
    const seen = new Set(messages.map(({ row, message }) => `${row.ad_chatting_sate}:${message.content.kind}`));
    expect(YOUMI_MESSAGE_TYPES.map((t) => `${t.type}:${t.kind}`).filter((k) => !seen.has(k))).toEqual([]);
    expect(messages.filter(({ message }) => message.content.kind === 'unknown')).toEqual([]);
    const text = messages.map(({ message }) => message.text).join('\n');
    expect(text).toMatch(/1[3-9]\d{9}/);
    expect(text).toContain('iPhone');
    expect(text).toContain('wxid_');
    expect(text).toMatch(/\[(微笑|抓狂|呲牙|偷笑)\]/);
    expect(messages.filter(({ message }) => message.content.kind === 'text').length / messages.length).toBeGreaterThan(0.5);
  });
});
