// The desktop window's context menu, from the params Chromium reports for a click.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { contextMenuTemplate, type ContextMenuClick } from '../../../electron/main/desktop/context-menu';

const none = { canCut: false, canCopy: false, canPaste: false, canSelectAll: false };
const click = (over: Partial<ContextMenuClick>): ContextMenuClick => ({ x: 10, y: 20, isEditable: false, selectionText: '', linkURL: '', srcURL: '', mediaType: 'none', editFlags: none, ...over });

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    actions: { copyText: (t: string) => calls.push(`copy ${t}`), openExternal: (u: string) => calls.push(`open ${u}`), copyImageAt: (x: number, y: number) => calls.push(`image ${x},${y}`) },
  };
}
const labels = (menu: MenuItemConstructorOptions[]) => menu.map((m) => (m.type === 'separator' ? '—' : m.label));
const press = (menu: MenuItemConstructorOptions[], label: string) => (menu.find((m) => m.label === label)?.click as (() => void) | undefined)?.();

describe('the desktop context menu', () => {
  it('a text field gets cut, copy, paste and select all, enabled as Chromium says, in Chinese or English', () => {
    const { actions } = recorder();
    const zh = contextMenuTemplate(click({ isEditable: true, editFlags: { canCut: false, canCopy: false, canPaste: true, canSelectAll: true } }), 'zh', actions);
    expect(labels(zh)).toEqual(['剪切', '复制', '粘贴', '—', '全选']);
    expect(zh.map((m) => m.enabled)).toEqual([false, false, true, undefined, undefined]);
    expect(zh.map((m) => m.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    const en = contextMenuTemplate(click({ isEditable: true, editFlags: { ...none, canSelectAll: true } }), 'en', actions);
    expect(labels(en)).toEqual(['Cut', 'Copy', 'Paste', '—', 'Select all']);
  });

  it('a selection gets copy; nothing to act on gets no menu', () => {
    const { actions } = recorder();
    expect(labels(contextMenuTemplate(click({ selectionText: '你好', editFlags: { ...none, canCopy: true } }), 'zh', actions))).toEqual(['复制']);
    expect(contextMenuTemplate(click({}), 'zh', actions)).toEqual([]);
  });

  it('an http(s) link opens through main or is copied', () => {
    const { actions, calls } = recorder();
    const menu = contextMenuTemplate(click({ linkURL: 'https://shop.example.com/p?id=1' }), 'zh', actions);
    expect(labels(menu)).toEqual(['在浏览器中打开链接', '复制链接地址']);
    press(menu, '在浏览器中打开链接');
    press(menu, '复制链接地址');
    expect(calls).toEqual(['open https://shop.example.com/p?id=1', 'copy https://shop.example.com/p?id=1']);
  });

  it('an image copies the drawn picture at the click, its address, or opens it', () => {
    const { actions, calls } = recorder();
    const menu = contextMenuTemplate(click({ mediaType: 'image', srcURL: 'https://img.example.com/a.jpg', x: 5, y: 6 }), 'en', actions);
    expect(labels(menu)).toEqual(['Copy the image', 'Copy the image address', 'Open the image in the browser (save it from there)']);
    for (const label of labels(menu)) press(menu, String(label));
    expect(calls).toEqual(['image 5,6', 'copy https://img.example.com/a.jpg', 'open https://img.example.com/a.jpg']);
  });

  it('never offers a file:, javascript: or data: address', () => {
    const { actions } = recorder();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'https://user:pw@example.com/']) {
      expect(contextMenuTemplate(click({ linkURL: url, mediaType: 'image', srcURL: url }), 'zh', actions)).toEqual([]);
    }
  });
});
