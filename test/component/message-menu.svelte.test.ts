// The message menu's items follow the message, vendor addresses only as http(s), and the keyboard
// moves through it; Esc asks to close.
import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '@shared/model';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import MessageMenu from '../../renderer/src/views/inbox/MessageMenu.svelte';
import { message } from './messages-fixtures';

let mounted: ReturnType<typeof mount> | undefined;
let actions: Array<[string, string | undefined]>;
let closed: number;

beforeEach(() => {
  i18n.setLanguage('zh');
  actions = [];
  closed = 0;
});

afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = undefined;
});

async function open(m: Message, canQuote = true): Promise<HTMLElement> {
  mounted = mount(MessageMenu, {
    target: document.body,
    props: { message: m, canQuote, x: 10, y: 10, onaction: (a: string, url?: string) => actions.push([a, url]), onclose: () => (closed += 1) },
  });
  flushSync();
  await tick();
  await tick();
  return document.querySelector<HTMLElement>('[data-testid="message-menu"]')!;
}
const items = (menu: HTMLElement) => [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
const key = (el: Element, k: string) => {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  flushSync();
};

describe('the message menu', () => {
  it('offers copy, quote and select all for a text, and none of the image actions', async () => {
    const menu = await open(message('text', { text: '你好' }, { text: '你好' }));
    expect(items(menu).map((i) => i.textContent)).toEqual(['复制', '引用', '全选']);
    expect(document.activeElement).toBe(items(menu)[0]);
  });

  it("names an image's address honestly and passes only an http(s) one on", async () => {
    let menu = await open(message('image', { url: 'https://img.example.com/a.jpg' }, { text: '[图片]' }), false);
    expect(items(menu).map((i) => i.dataset['testid'])).toEqual(['menu-copy', 'menu-copyImage', 'menu-saveAs', 'menu-copyImageAddress', 'menu-openImage', 'menu-selectAll']);
    expect(items(menu)[3]?.textContent).toBe('复制图片地址（不是图片本身）');
    items(menu)[3]?.click();
    expect(actions).toEqual([['copyImageAddress', 'https://img.example.com/a.jpg']]);
    unmount(mounted!);
    menu = await open(message('image', { url: 'javascript:alert(1)' }, { text: '[图片]' }), false);
    expect(items(menu).map((i) => i.dataset['testid'])).toEqual(['menu-copy', 'menu-selectAll']);
    unmount(mounted!);
    // A file and a video offer "save as" with their http(s) address; one without an address, nothing.
    menu = await open(message('file', { url: 'https://files.example.com/q.pdf', name: '报价单.pdf' }, { text: '[文件]' }), false);
    expect(items(menu).map((i) => i.dataset['testid'])).toEqual(['menu-copy', 'menu-saveAs', 'menu-openFile', 'menu-selectAll']);
    items(menu)[1]?.click();
    expect(actions.at(-1)).toEqual(['saveAs', 'https://files.example.com/q.pdf']);
    unmount(mounted!);
    menu = await open(message('video', {}, { text: '' }), false);
    expect(items(menu).map((i) => i.dataset['testid'])).toEqual(['menu-selectAll']);
  });

  it('moves with the arrow keys, Home and End, and Esc closes', async () => {
    const menu = await open(message('text', { text: '你好' }, { text: '你好' }));
    key(document.activeElement!, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe('引用');
    key(document.activeElement!, 'End');
    expect(document.activeElement?.textContent).toBe('全选');
    key(document.activeElement!, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe('复制');
    key(document.activeElement!, 'ArrowUp');
    expect(document.activeElement?.textContent).toBe('全选');
    key(menu, 'Escape');
    expect(closed).toBe(1);
  });
});
