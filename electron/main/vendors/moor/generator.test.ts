import { CallRecord } from '@shared/model';
import { describe, expect, it } from 'vitest';
import { generateMoorCalls, generateMoorMessages } from './generator';
import { decodeMoorMessage } from './message-decoder';
import { decodeCall } from './record-decoder';

const start = Date.UTC(2024, 0, 1);
const end = Date.UTC(2024, 5, 30);

describe('benchmark generators', () => {
  it('messages: same seed, same rows; oldest first within the range; all decodable', () => {
    const a = [...generateMoorMessages({ seed: 9, count: 2000, startMs: start, endMs: end, chats: 50 })];
    const b = [...generateMoorMessages({ seed: 9, count: 2000, startMs: start, endMs: end, chats: 50 })];
    expect(a).toEqual(b);
    expect(a).toHaveLength(2000);
    expect(new Set(a.map((m) => m.chatId)).size).toBeLessThanOrEqual(50);
    expect(new Set(a.map((m) => m.id)).size).toBe(2000);
    const decoded = a.map((m) => decodeMoorMessage(m));
    expect(decoded.map((m) => m.sentAt)).toEqual([...decoded.map((m) => m.sentAt)].sort((x, y) => x - y));
    expect(decoded[0]!.sentAt).toBe(start);
    expect(decoded.at(-1)!.sentAt).toBe(Math.floor(end / 1000) * 1000);
    expect(decoded.filter((m) => m.content.kind === 'unknown')).toEqual([]);
    expect(new Set(decoded.map((m) => m.content.kind)).size).toBeGreaterThan(10);
  });

  it('messages stream: taking the first rows of a huge run does not build the rest', () => {
    const rows = generateMoorMessages({ count: 50_000_000, startMs: start, endMs: end });
    const first = rows.next();
    expect(first.done).toBe(false);
    expect(first.value?.msgId).toBe('1');
    rows.return(undefined);
  });

  it('calls: deterministic, valid call records once decoded', () => {
    const calls = [...generateMoorCalls({ seed: 5, count: 500, startMs: start, endMs: end, agents: 4 })];
    expect(calls).toEqual([...generateMoorCalls({ seed: 5, count: 500, startMs: start, endMs: end, agents: 4 })]);
    expect(new Set(calls.map((c) => c.localTel)).size).toBeLessThanOrEqual(4);
    for (const call of calls) expect(CallRecord.safeParse(decodeCall(call)).success).toBe(true);
  });
});
