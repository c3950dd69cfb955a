// The search palette and its pieces: highlighted snippets drawn as text, grouped results, the
// engine's debounce and stale-answer rule, and keyboard navigation in the palette.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import type { SearchHit } from '@shared/ipc/search';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { SearchState } from '../../renderer/src/lib/state/search.svelte';
import Highlighted from '../../renderer/src/views/search/Highlighted.svelte';
import { snippetRuns } from '../../renderer/src/views/search/highlight';
import SearchPalette from '../../renderer/src/views/search/SearchPalette.svelte';
import SearchView from '../../renderer/src/views/search/SearchView.svelte';
import { fakeApp, settle } from './inbox-fake-app';

type Answer = AppOutput<'search.query'>;
const NOW = Date.now();

const message = (id: number, text: string, highlights: [number, number][], conversationId = 7): SearchHit => ({
  type: 'message',
  id,
  conversationId,
  accountId: 'youmi-1',
  title: '王女士',
  kind: 'text',
  at: NOW - id * 60_000,
  snippet: { text, highlights },
});

const answer = (partial: Partial<Answer> = {}): Answer => ({ messages: [], contacts: [], calls: [], sms: [], tookMs: 1, ...partial });

const FULL = answer({
  messages: [message(1, '请问下单后几天发货', [[3, 5]]), message(2, '我已经下单了', [[3, 5]], 8)],
  contacts: [{ type: 'contact', id: 11, accountId: 'youmi-1', title: '下单客户李', snippet: { text: '下单客户李', highlights: [[0, 2]] }, conversationId: 9 }],
  calls: [{ type: 'call', id: 21, accountId: 'moor-1', title: '张先生', at: NOW, phone: '13800138000', snippet: { text: '13800138000', highlights: [[0, 3]] } }],
  sms: [{ type: 'sms', id: 31, accountId: 'moor-1', title: '赵女士', at: NOW, phone: '13900139000', snippet: { text: '您的订单已下单', highlights: [[5, 7]] } }],
});

let target: HTMLElement;
beforeEach(() => {
  i18n.setLanguage('zh');
  target = document.createElement('div');
  document.body.append(target);
});
afterEach(() => target.remove());

function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function key(el: Element, k: string) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  flushSync();
}

describe('snippet highlighting', () => {
  it('cuts the text into marked and plain runs that add up to the whole text', () => {
    expect(snippetRuns({ text: '请问下单后几天发货', highlights: [[2, 4]] })).toEqual([
      { text: '请问', marked: false },
      { text: '下单', marked: true },
      { text: '后几天发货', marked: false },
    ]);
  });

  it('survives ranges out of bounds, reversed, overlapping and unsorted', () => {
    const text = 'abcdefghij';
    const runs = snippetRuns({ text, highlights: [[8, 99], [-5, 2], [6, 4], [1, 3], [2, 3], [5, 5]] });
    expect(runs.map((r) => r.text).join('')).toBe(text);
    expect(runs.filter((r) => r.marked).map((r) => r.text)).toEqual(['abc', 'ij']);
  });

  it('renders hostile snippet text as text: no element but <mark> is created', () => {
    const text = '<script>alert(1)</script><img src=x onerror=alert(2)> 下单 \u202Egnp.exe <a href="javascript:alert(3)">x</a>';
    const start = text.indexOf('下单');
    const c = mount(Highlighted, { target, props: { snippet: { text, highlights: [[start, start + 2], [0, 8]] } } });
    flushSync();
    expect(target.querySelectorAll('script, img, a').length).toBe(0);
    expect([...target.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['<script>', '下单']);
    expect(target.textContent).toBe(text);
    // The RTL override is isolated inside <bdi>, so it cannot reorder the rest of the row.
    expect(target.querySelector('bdi')).not.toBeNull();
    unmount(c);
  });
});

describe('the search engine', () => {
  it('drops an answer to an older query that arrives after the newer one', async () => {
    const pending: Array<{ query: string; resolve: (a: Answer) => void }> = [];
    const fake = fakeApp({ 'search.query': (input) => new Promise<Answer>((resolve) => pending.push({ query: input.query, resolve })) });
    const search = new SearchState(fake.app.client, { debounceMs: 0 });
    search.setQuery('下');
    await settle(2);
    search.setQuery('下单');
    await settle(2);
    expect(pending.map((p) => p.query)).toEqual(['下', '下单']);
    pending[1]!.resolve(answer({ messages: [message(1, '我已经下单了', [[3, 5]])] }));
    await settle(2);
    pending[0]!.resolve(answer({ messages: [message(2, '下午好', [[0, 1]]), message(3, '下次', [[0, 1]])] }));
    await settle(2);
    expect(search.answered).toBe('下单');
    expect(search.hits.map((h) => h.id)).toEqual([1]);
    expect(search.loading).toBe(false);
  });

  it('waits for the agent to pause typing before asking', async () => {
    const fake = fakeApp({ 'search.query': () => answer() });
    const search = new SearchState(fake.app.client, { debounceMs: 30 });
    for (const q of ['下', '下单', '下单了']) search.setQuery(q);
    await new Promise((r) => setTimeout(r, 80));
    await settle(2);
    expect(fake.callsOf('search.query').map((c) => c.query)).toEqual(['下单了']);
  });

  it('sends the filters, and pages with the keyset cursor it was given', async () => {
    const fake = fakeApp({
      'search.query': (input) =>
        input.cursor === 'page-2'
          ? answer({ messages: [message(5, '第二页的下单', [[4, 6]])] })
          : answer({ messages: [message(1, '下单', [[0, 2]])], nextCursor: 'page-2' }),
    });
    const search = new SearchState(fake.app.client, { debounceMs: 0, limit: 50 });
    search.setFilters({ accountId: 'youmi-1', kind: 'text', types: ['message'], from: 1000, to: 2000 });
    search.setQuery('下单');
    await settle();
    await search.loadMore();
    await settle();
    const [first, second] = fake.callsOf('search.query').slice(-2);
    expect(first).toMatchObject({ query: '下单', limit: 50, filters: { accountId: 'youmi-1', kind: 'text', types: ['message'], from: 1000, to: 2000 } });
    expect(first?.cursor).toBeUndefined();
    expect(second?.cursor).toBe('page-2');
    expect(search.hits.map((h) => h.id)).toEqual([1, 5]);
    expect(search.nextCursor).toBeUndefined();
  });
});

describe('the Ctrl+K palette', () => {
  async function openPalette() {
    const fake = fakeApp({ 'search.query': () => FULL });
    fake.app.searchOpen = true;
    const palette = mount(SearchPalette, {
      target,
      props: { app: fake.app, accounts: [], onseeall: () => {}, search: new SearchState(fake.app.client, { debounceMs: 0 }) },
    });
    flushSync();
    const input = target.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
    type(input, '下单');
    await settle();
    return { fake, palette, input };
  }

  const selectedTitle = () => target.querySelector('[role="option"][aria-selected="true"] .title')?.textContent;

  it('shows grouped results with highlighted snippets, focused on the input', async () => {
    const { palette, input } = await openPalette();
    expect(document.activeElement).toBe(input);
    const groups = [...target.querySelectorAll('[role="group"]')].map((g) => g.querySelector('.group-title')?.textContent);
    expect(groups).toEqual(['消息', '联系人', '通话', '短信']);
    expect(target.querySelectorAll('[role="option"]').length).toBe(5);
    expect(target.querySelector('[role="option"] mark')?.textContent).toBe('单后');
    unmount(palette);
  });

  it('moves with ↑/↓ across groups, wraps, and points the input at the selected row', async () => {
    const { palette, input } = await openPalette();
    expect(selectedTitle()).toBe('王女士');
    key(input, 'ArrowDown');
    key(input, 'ArrowDown');
    expect(selectedTitle()).toBe('下单客户李');
    expect(input.getAttribute('aria-activedescendant')).toBe('palette-results-2');
    key(input, 'ArrowUp');
    key(input, 'ArrowUp');
    key(input, 'ArrowUp');
    expect(selectedTitle()).toBe('赵女士');
    unmount(palette);
  });

  it('Enter on a message opens its conversation at that message and closes the palette', async () => {
    const { fake, palette, input } = await openPalette();
    key(input, 'ArrowDown');
    key(input, 'Enter');
    expect(fake.app.conversationId).toBe(8);
    expect(fake.app.jumpToMessageId).toBe(2);
    expect(fake.app.view).toBe('inbox');
    expect(fake.app.searchOpen).toBe(false);
    unmount(palette);
  });

  it('Enter on a call opens the customer timeline; on a contact, its conversation', async () => {
    const { fake, palette, input } = await openPalette();
    key(input, 'ArrowDown');
    key(input, 'ArrowDown');
    key(input, 'Enter');
    expect(fake.app.conversationId).toBe(9);
    expect(fake.app.jumpToMessageId).toBeNull();
    key(input, 'ArrowDown');
    key(input, 'Enter');
    expect(fake.app.timelinePhone).toBe('13800138000');
    expect(fake.app.view).toBe('customers');
    unmount(palette);
  });

  it('Esc closes it', async () => {
    const { fake, palette, input } = await openPalette();
    key(input, 'Escape');
    expect(fake.app.searchOpen).toBe(false);
    unmount(palette);
  });
});

describe('the Search view', () => {
  it('loads more results by keyset and says when nothing matched', async () => {
    let page = 0;
    const fake = fakeApp({
      'search.query': (input) => {
        if (input.query === '没有') return answer();
        page++;
        return input.cursor ? answer({ messages: [message(9, '更早的下单', [[3, 5]])] }) : { ...FULL, nextCursor: 'next' };
      },
    });
    const search = new SearchState(fake.app.client, { debounceMs: 0 });
    const view = mount(SearchView, { target, props: { app: fake.app, search, accounts: [] } });
    flushSync();
    type(target.querySelector<HTMLInputElement>('[data-testid="search-input"]')!, '下单');
    await settle();
    expect(target.querySelectorAll('[role="option"]').length).toBe(5);
    target.querySelector<HTMLButtonElement>('[data-testid="search-load-more"]')!.click();
    await settle();
    expect(page).toBe(2);
    expect(target.querySelectorAll('[data-testid="search-group-messages"] [role="option"]').length).toBe(3);
    expect(target.querySelector('[data-testid="search-load-more"]')).toBeNull();
    type(target.querySelector<HTMLInputElement>('[data-testid="search-input"]')!, '没有');
    await settle();
    expect(target.querySelector('[data-testid="search-empty"]')?.textContent).toContain('没有找到“没有”');
    unmount(view);
  });
});
