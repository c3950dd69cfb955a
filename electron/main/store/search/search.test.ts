// Search answers must equal a plain substring scan of the same records. The data comes from the
// Youmi generator (Chinese chat with numbers, Latin product names, wxids, emoji codes) plus
// hand-made edge cases; the queries are drawn from that data in every class the agent can type,
// plus terms that occur nowhere and FTS5 syntax that must be taken literally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactInput } from '../types';
import type { DecodedMessage, MessageKind } from '@shared/model';
import { decodeYoumiV2Row } from '../../vendors/youmi/decoder';
import { generateYoumiV2Rows } from '../../vendors/youmi/generator';
import { addAccount, callRecord, smsRecord, T0, tempStore, textMessage, type TempStore } from '../test-kit';
import { foldForSearch, foldQuery } from './normalize';
import type { SearchFilters } from './search';

let temp: TempStore;

interface Indexed {
  id: number;
  accountId: string;
  conversationId: number;
  kind: MessageKind;
  sentAt: number;
  text: string;
}
const messages: Indexed[] = [];
const contacts: Array<{ id: number; accountId: string; fields: string[] }> = [];
const calls: Array<{ id: number; accountId: string; at: number; fields: string[] }> = [];

/** A tiny seeded generator, so a failure names a query that can be run again. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}

const EDGE_CASES = [
  'ＩＰＨＯＮＥ１５ 全角下单',
  'Café au lait 和 naïve 的客户',
  '换行\n之后\t制表符',
  '表情😀😀结尾👍',
  '引号"里面"和 * - OR NEAR AND NOT 符号',
  '百分号 100% 和 下划线 a_b',
  '私用区\uE000字符\u0000空字符',
  '下，单 被逗号隔开',
  '下单了吗',
  '  前后有空格  ',
  'ǅ Dž İstanbul ẞtraße',
];

beforeAll(async () => {
  temp = tempStore();
  const { store } = temp;
  const accounts = new Map<string, string>();
  const rows = generateYoumiV2Rows({ seed: 20260115, conversations: 60, messages: 3000, startMs: T0 - 30 * 86_400_000, endMs: T0 });
  const decoded: DecodedMessage[] = [...rows].map(decodeYoumiV2Row);
  EDGE_CASES.forEach((text, i) => decoded.push(textMessage(`edge-${i}`, text, { conversationKey: '1906:edge', sentAt: T0 + i })));
  for (const message of decoded) {
    const wechatId = message.conversationKey.split(':')[0]!;
    if (!accounts.has(wechatId)) accounts.set(wechatId, addAccount(store, `youmi-${wechatId}`));
  }
  for (let start = 0; start < decoded.length; start += 250) {
    const slice = decoded.slice(start, start + 250);
    for (const [wechatId, accountId] of accounts) {
      const mine = slice.filter((m) => m.conversationKey.startsWith(`${wechatId}:`));
      const { inserted } = store.applyMessagePage({ accountId, vendor: 'youmi', messages: mine });
      for (const m of inserted) {
        messages.push({ id: m.id, accountId, conversationId: m.conversationId, kind: m.kind, sentAt: m.sentAt, text: m.text });
      }
    }
  }
  const random = seeded(7);
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
  const given = ['小明', '丽', '伟', '芳', '强', '静', '磊', 'Tony', '老板'];
  const items: ContactInput[] = Array.from({ length: 300 }, (_, i) => ({
    vendorContactId: `wxid_c${i}`,
    name: random.pick(surnames) + random.pick(given),
    ...(i % 3 === 0 ? { remark: random.pick(['VIP客户', '已下单', '待回访 iPhone', '老客户介绍']) } : {}),
    wxNo: `wx_${(i * 7919).toString(36)}`,
    phones: i % 4 === 0 ? [] : [`1${3 + (i % 7)}${String(10_000_000 + i * 7_654_321).slice(0, 9)}`, ...(i % 10 === 0 ? ['021-66668888'] : [])],
  }));
  const [firstAccount] = accounts.values();
  store.applyContactPage({ accountId: firstAccount!, items });
  for (const contact of items) {
    const hit = store.search.contacts(contact.vendorContactId);
    expect(hit.items).toEqual([]); // vendor ids are not searchable
  }
  // Contact ids: read back through a search on each unique wxNo.
  for (const contact of items) {
    const found = store.search.contacts(contact.wxNo!).items.find((h) => h.contact.vendorContactId === contact.vendorContactId)!;
    contacts.push({ id: found.contact.id, accountId: firstAccount!, fields: [contact.name, contact.remark ?? '', contact.wxNo ?? '', ...contact.phones] });
  }
  addAccount(store, 'moor-1', 'moor');
  const callItems = Array.from({ length: 400 }, (_, i) =>
    callRecord(`call-${i}`, {
      contactPhone: `1${3 + (i % 6)}${String(20_000_000 + i * 1_234_567).slice(0, 9)}`,
      ...(i % 5 === 0 ? {} : { contactName: random.pick(surnames) + random.pick(given) }),
      beganAt: T0 - i * 3_600_000,
      connected: i % 3 !== 0,
      direction: i % 2 === 0 ? 'in' : 'out',
    }),
  );
  for (const call of store.applyCallPage({ accountId: 'moor-1', items: callItems }).inserted) {
    calls.push({ id: call.id, accountId: 'moor-1', at: call.beganAt!, fields: [call.contactName ?? '', call.contactPhone] });
  }
  store.applySmsPage({ accountId: 'moor-1', items: [smsRecord('s1', { contactName: '短信客户', contactPhone: '15900001111' })] });
  // The answers below come from the index file; indexer.test.ts checks them before it catches up.
  await store.searchIndexed();
});
afterAll(() => temp.dispose());

const HOSTILE = [
  '"',
  '""',
  '"下单',
  '*',
  '下*',
  'iPhone*',
  '-',
  '-下单',
  'OR',
  'a OR b',
  '下单 OR 发货',
  'AND',
  'NOT',
  'NEAR',
  'NEAR(下 单)',
  'NEAR("a" "b", 2)',
  '^',
  '^下单',
  ':',
  'text:你好',
  '{text}: 你好',
  'text : "x"',
  '(',
  ')',
  '()',
  '+',
  "'",
  "''; DROP TABLE messages; --",
  '\\',
  '%',
  '_',
  '%下%',
  '\u0000',
  '\uE000',
  ' ',
  '　',
  '😀',
  '[耶]',
  '"下单" AND "发货"',
];

function pick(texts: readonly string[], random: ReturnType<typeof seeded>, length: number): string {
  const text = random.pick(texts);
  const chars = [...text];
  if (chars.length <= length) return text;
  const start = random.int(chars.length - length + 1);
  return chars.slice(start, start + length).join('');
}

function queries(): string[] {
  const random = seeded(42);
  const texts = messages.map((m) => m.text);
  const cjkOnly = texts.flatMap((t) => t.match(/\p{Script=Han}+/gu) ?? []);
  const latin = texts.flatMap((t) => t.match(/[A-Za-z][A-Za-z0-9_]+/g) ?? []);
  const digits = [...texts, ...calls.flatMap((c) => c.fields), ...contacts.flatMap((c) => c.fields)].flatMap((t) => t.match(/\d{3,}/g) ?? []);
  const out: string[] = [];
  for (let i = 0; i < 120; i++) out.push(pick(cjkOnly, random, 1 + random.int(2))); // 1–2 Chinese characters
  for (let i = 0; i < 120; i++) out.push(pick(cjkOnly, random, 3 + random.int(6))); // 3–8 Chinese characters
  for (let i = 0; i < 80; i++) out.push(pick(texts, random, 1 + random.int(10))); // anything, mixed scripts
  for (let i = 0; i < 60; i++) out.push(pick(digits, random, 3 + random.int(6))); // phone fragments
  for (let i = 0; i < 60; i++) {
    const word = pick(latin, random, 1 + random.int(8));
    out.push(random.next() < 0.5 ? word.toUpperCase() : word); // Latin, any case
  }
  for (let i = 0; i < 40; i++) out.push(pick(contacts.flatMap((c) => c.fields).filter(Boolean), random, 1 + random.int(5)));
  for (let i = 0; i < 40; i++) {
    // Terms that occur nowhere: rare characters, or a real term with a stray letter.
    out.push(random.next() < 0.5 ? `${pick(cjkOnly, random, 2)}鱻${random.int(100)}` : `zqx${random.int(1000)}`);
  }
  out.push(...HOSTILE, ...EDGE_CASES.map((e) => pick([e], random, 2 + random.int(4))));
  return out;
}

function allPages<Item>(fetch: (after?: number) => { items: Item[]; next?: number }): Item[] {
  const items: Item[] = [];
  let next: number | undefined;
  let pages = 0;
  do {
    const page = fetch(next);
    items.push(...page.items);
    next = page.next;
    if (++pages > 10_000) throw new Error('paging does not end');
  } while (next !== undefined);
  return items;
}

const contains = (text: string, folded: string) => folded.length > 0 && foldForSearch(text).includes(folded);

describe('search equals a substring scan', () => {
  it('for messages, over hundreds of queries of every class, with and without filters', () => {
    const random = seeded(99);
    const all = queries();
    expect(all.length).toBeGreaterThanOrEqual(500);
    const kinds = [...new Set(messages.map((m) => m.kind))];
    const accountIds = [...new Set(messages.map((m) => m.accountId))];
    let nonEmpty = 0;
    for (const query of all) {
      const folded = foldQuery(query);
      const filters: SearchFilters = {};
      const roll = random.next();
      if (roll < 0.15) filters.accountId = random.pick(accountIds);
      else if (roll < 0.25) filters.conversationId = random.pick(messages).conversationId;
      else if (roll < 0.35) filters.kinds = [random.pick(kinds), random.pick(kinds)];
      else if (roll < 0.45) {
        filters.from = T0 - random.int(30) * 86_400_000;
        filters.to = filters.from + random.int(10) * 86_400_000;
      }
      const expected = messages
        .filter((m) => contains(m.text, folded))
        .filter((m) => filters.accountId === undefined || m.accountId === filters.accountId)
        .filter((m) => filters.conversationId === undefined || m.conversationId === filters.conversationId)
        .filter((m) => filters.kinds === undefined || filters.kinds.includes(m.kind))
        .filter((m) => filters.from === undefined || m.sentAt >= filters.from)
        .filter((m) => filters.to === undefined || m.sentAt < filters.to)
        .map((m) => m.id)
        .sort((a, b) => b - a);
      const limit = 1 + random.int(60);
      const found = allPages((after) => temp.store.search.messages(query, filters, { limit, ...(after === undefined ? {} : { after }) }));
      expect({ query, filters, ids: found.map((hit) => hit.messageId) }).toEqual({ query, filters, ids: expected });
      for (const hit of found) {
        expect(hit.snippet.highlights.length, query).toBeGreaterThan(0);
        for (const range of hit.snippet.highlights) {
          expect(foldForSearch(hit.snippet.text.slice(range.start, range.end)), query).toBe(folded.slice(0, range.end - range.start));
        }
      }
      if (expected.length > 0) nonEmpty++;
    }
    // The drawn queries must mostly hit something, or the test proves little.
    expect(nonEmpty).toBeGreaterThan(all.length / 2);
  });

  it('for contacts (name, remark, WeChat id, numbers) and calls (name, number)', () => {
    for (const query of queries().slice(0, 400)) {
      const folded = foldQuery(query);
      const expectedContacts = contacts.filter((c) => c.fields.some((f) => contains(f, folded))).map((c) => c.id).sort((a, b) => b - a);
      const foundContacts = allPages((after) => temp.store.search.contacts(query, {}, { limit: 40, ...(after === undefined ? {} : { after }) }));
      expect({ query, ids: foundContacts.map((hit) => hit.contact.id) }).toEqual({ query, ids: expectedContacts });
      const expectedCalls = calls.filter((c) => c.fields.some((f) => contains(f, folded))).map((c) => c.id).sort((a, b) => b - a);
      const foundCalls = allPages((after) => temp.store.search.calls(query, {}, { limit: 40, ...(after === undefined ? {} : { after }) }));
      expect({ query, ids: foundCalls.map((hit) => hit.call.id) }).toEqual({ query, ids: expectedCalls });
    }
  });

  it('filters the call list by any part of the number, with other filters, page by page', () => {
    const connectedOnly = allPages((after) => temp.store.calls.page({ number: '138', connected: true }, { limit: 7, ...(after === undefined ? {} : { after }) }));
    const expected = calls
      .filter((c) => c.fields[1]!.includes('138'))
      .map((c) => temp.store.calls.get(c.id)!)
      .filter((c) => c.connected)
      .map((c) => c.id)
      .sort((a, b) => b - a);
    expect(connectedOnly.map((c) => c.id)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});

describe('search behaviour', () => {
  it('finds two Chinese characters that trigrams cannot (the old LIKE %下单% regression)', () => {
    const hits = temp.store.search.messages('下单').items.map((hit) => hit.snippet.text);
    expect(hits).toContain('下单了吗');
    // "下，单" is not the substring 下单, and full-width text is found by its plain form.
    expect(hits).not.toContain('下，单 被逗号隔开');
    expect(temp.store.search.messages('iphone15').items.map((h) => h.snippet.text)).toContain('ＩＰＨＯＮＥ１５ 全角下单');
    expect(temp.store.search.messages('CAFE').items.map((h) => h.snippet.text)).toContain('Café au lait 和 naïve 的客户');
  });

  it('returns snippets as plain text with highlight ranges, never markup', () => {
    const [hit] = temp.store.search.messages('😀结').items;
    expect(hit?.snippet).toEqual({ text: '表情😀😀结尾👍', highlights: [{ start: 4, end: 7 }], clippedStart: false, clippedEnd: false });
    const quoted = temp.store.search.messages('"里面"').items[0]!.snippet;
    expect(quoted.text.slice(quoted.highlights[0]!.start, quoted.highlights[0]!.end)).toBe('"里面"');
  });

  it('treats empty and blank queries as nothing to search', () => {
    for (const blank of ['', '   ', '\t\n', '　']) {
      const results = temp.store.search.all(blank);
      expect(results.query).toBe('');
      expect(results.messages.items.length + results.contacts.items.length + results.calls.items.length + results.sms.items.length).toBe(0);
    }
  });

  it('groups results and limits a conversation search to its messages', () => {
    const all = temp.store.search.all('客户', {}, { limit: 5 });
    expect(all.messages.items.length).toBe(5);
    expect(all.messages.next).toBeDefined();
    expect(all.contacts.items.length).toBeGreaterThan(0);
    expect(temp.store.search.all('短信客户').sms.items.map((h) => h.sms.vendorId)).toEqual(['s1']);
    const conversationId = all.messages.items[0]!.conversationId;
    const inside = temp.store.search.all('客户', { conversationId });
    expect(inside.contacts.items).toEqual([]);
    expect(inside.messages.items.every((hit) => hit.conversationId === conversationId)).toBe(true);
    expect(temp.store.search.all('客户', { groups: ['calls'] }).messages.items).toEqual([]);
  });
});
