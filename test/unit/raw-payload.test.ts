// The vendor payload as it crosses IPC: whole when small, cut at the cap otherwise, never half a character.
import { describe, expect, it } from 'vitest';
import { capRawPayload, RAW_PAYLOAD_LIMIT } from '@shared/raw-payload';

describe('capRawPayload', () => {
  it('passes a payload up to the cap unchanged and says nothing of its length', () => {
    expect(capRawPayload('{"a":1}')).toEqual({ raw: '{"a":1}' });
    const exact = 'x'.repeat(RAW_PAYLOAD_LIMIT);
    expect(capRawPayload(exact)).toEqual({ raw: exact });
  });

  it('cuts a longer one to the cap and keeps its full length', () => {
    const long = 'y'.repeat(RAW_PAYLOAD_LIMIT + 5);
    expect(capRawPayload(long)).toEqual({ raw: 'y'.repeat(RAW_PAYLOAD_LIMIT), rawLength: RAW_PAYLOAD_LIMIT + 5 });
  });

  it('never ends on the first half of a surrogate pair', () => {
    // '😀' is two UTF-16 units; placed so the cap falls between them.
    const text = `${'z'.repeat(9)}😀tail`;
    const cut = capRawPayload(text, 10);
    expect(cut).toEqual({ raw: 'z'.repeat(9), rawLength: text.length });
    expect(capRawPayload(text, 11).raw).toBe(`${'z'.repeat(9)}😀`);
  });
});
