import { createRawSnippet, flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import VirtualList from '../../renderer/src/views/inbox/VirtualList.svelte';
import { RowLayout } from '../../renderer/src/views/inbox/row-layout';
import { installResizeObserverStub } from './inbox-fake-app';

installResizeObserverStub();

interface Item {
  id: number;
}

const row = createRawSnippet((item: () => Item) => ({ render: () => `<div class="item">row ${item().id}</div>` }));

let target: HTMLElement;
let mounted: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = undefined;
  target?.remove();
});

function renderList(props: { items: Item[]; followEnd?: boolean; reveal?: number | null }) {
  target = document.createElement('div');
  document.body.append(target);
  // Raw, as the chat keeps messages: the list must not depend on deep reactivity.
  class ListProps {
    items = $state.raw(props.items);
    reveal = $state<number | null>(props.reveal ?? null);
  }
  const state = new ListProps();
  mounted = mount(VirtualList<Item>, {
    target,
    props: {
      get items() {
        return state.items;
      },
      get reveal() {
        return state.reveal;
      },
      key: (i: Item) => i.id,
      estimate: () => 50,
      row,
      followEnd: props.followEnd ?? false,
      label: 'messages',
    },
  });
  flushSync();
  const viewport = target.querySelector<HTMLElement>('[role="list"]');
  if (!viewport) throw new Error('no viewport');
  return { state, viewport, rows: () => [...target.querySelectorAll<HTMLElement>('[role="listitem"]')].map((r) => Number(r.dataset['key'])) };
}

const range = (from: number, to: number): Item[] => Array.from({ length: to - from }, (_, i) => ({ id: from + i }));

describe('VirtualList', () => {
  it('keeps only a bounded number of rows in the DOM with 100,000 items', () => {
    const { rows, viewport } = renderList({ items: range(0, 100_000) });
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(40);
    viewport.scrollTop = 50 * 60_000;
    viewport.dispatchEvent(new Event('scroll'));
    flushSync();
    expect(rows()).toContain(60_000);
    expect(rows().length).toBeLessThan(40);
    const spacers = [...viewport.children].filter((c) => c.getAttribute('role') !== 'listitem') as HTMLElement[];
    expect(spacers.map((s) => s.style.height)).toEqual([`${50 * (rows()[0] ?? 0)}px`, `${50 * (100_000 - (rows().at(-1) ?? 0) - 1)}px`]);
  });

  it('starts at the end of a chat and follows new rows there', () => {
    const { rows, state, viewport } = renderList({ items: range(0, 1000), followEnd: true });
    expect(rows()).toContain(999);
    state.items = range(0, 1001);
    flushSync();
    expect(rows()).toContain(1000);
    expect(viewport.scrollTop).toBe(50 * 1001);
  });

  it('keeps the first visible row in place when older rows are prepended', () => {
    const { state, viewport, rows } = renderList({ items: range(1000, 1100) });
    viewport.scrollTop = 1000;
    viewport.dispatchEvent(new Event('scroll'));
    flushSync();
    expect(rows()).toContain(1020);
    state.items = [...range(950, 1000), ...state.items];
    flushSync();
    expect(viewport.scrollTop).toBe(1000 + 50 * 50);
    expect(rows()).toContain(1020);
  });

  it('brings a revealed row into view', () => {
    const { state, rows } = renderList({ items: range(0, 5000) });
    state.reveal = 4321;
    flushSync();
    expect(rows()).toContain(4321);
  });
});

describe('RowLayout', () => {
  it('finds rows by position with mixed heights', () => {
    const layout = new RowLayout([1, 2, 3, 4], (i) => [10, 30, 20, 40][i] ?? 0);
    expect(layout.total).toBe(100);
    expect([0, 9, 10, 39, 40, 59, 60, 99, 500].map((y) => layout.rowAt(y))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 3]);
    expect(layout.window(35, 10, 1)).toEqual({ start: 0, end: 4 });
    expect(layout.indexOf(3)).toBe(2);
    expect(new RowLayout([], () => 1).window(0, 100, 5)).toEqual({ start: 0, end: 0 });
  });
});
