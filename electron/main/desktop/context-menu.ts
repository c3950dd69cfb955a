// The window's context menu as data, built from what Chromium reports about the click
// (webContents 'context-menu' params): editing roles in a text field, copy for a selection, a
// link's and an image's actions. Messages and their menu are the page's own (MessageMenu.svelte
// calls preventDefault, so this event does not fire there); this covers the rest of the window,
// which would otherwise have no menu at all in Electron. Vendor URLs only leave as http(s).
import type { MenuItemConstructorOptions } from 'electron';
import { safeExternalUrl } from '../app/external-url';
import { inLanguage, type Language } from './language';

/** The part of Electron's ContextMenuParams the menu reads. */
export interface ContextMenuClick {
  x: number;
  y: number;
  isEditable: boolean;
  selectionText: string;
  linkURL: string;
  srcURL: string;
  mediaType: string;
  editFlags: { canCut: boolean; canCopy: boolean; canPaste: boolean; canSelectAll: boolean };
}

export interface ContextMenuActions {
  copyText(text: string): void;
  openExternal(url: string): void;
  /** webContents.copyImageAt: Chromium copies the picture it has already drawn, no new download. */
  copyImageAt(x: number, y: number): void;
}

export function contextMenuTemplate(click: ContextMenuClick, language: Language, actions: ContextMenuActions): MenuItemConstructorOptions[] {
  const t = (zh: string, en: string) => inLanguage(language, zh, en);
  const groups: MenuItemConstructorOptions[][] = [];
  const flags = click.editFlags;

  if (click.isEditable) {
    groups.push([
      { role: 'cut', label: t('剪切', 'Cut'), enabled: flags.canCut },
      { role: 'copy', label: t('复制', 'Copy'), enabled: flags.canCopy },
      { role: 'paste', label: t('粘贴', 'Paste'), enabled: flags.canPaste },
    ]);
  } else if (click.selectionText.trim() !== '') {
    groups.push([{ role: 'copy', label: t('复制', 'Copy'), enabled: flags.canCopy }]);
  }

  const link = click.linkURL ? safeExternalUrl(click.linkURL) : undefined;
  if (link) {
    groups.push([
      { label: t('在浏览器中打开链接', 'Open the link in the browser'), click: () => actions.openExternal(link) },
      { label: t('复制链接地址', 'Copy the link address'), click: () => actions.copyText(link) },
    ]);
  }

  const image = click.mediaType === 'image' && click.srcURL ? safeExternalUrl(click.srcURL) : undefined;
  if (image) {
    groups.push([
      { label: t('复制图片', 'Copy the image'), click: () => actions.copyImageAt(click.x, click.y) },
      { label: t('复制图片地址', 'Copy the image address'), click: () => actions.copyText(image) },
      { label: t('在浏览器中打开图片（在那里另存）', 'Open the image in the browser (save it from there)'), click: () => actions.openExternal(image) },
    ]);
  }

  if (flags.canSelectAll) groups.push([{ role: 'selectAll', label: t('全选', 'Select all') }]);

  return groups.flatMap((group, i) => (i === 0 ? group : [{ type: 'separator' as const }, ...group]));
}
