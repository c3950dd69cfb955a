// The application menu as data. Role items get Electron's built-in behaviour and shortcuts; the
// labels are ours so the menu follows the app's language, not the OS locale.
import type { MenuItemConstructorOptions } from 'electron';
import { APP_NAME, APP_NAME_ZH } from '../app/version';
import { inLanguage, type Language } from './language';

export interface AppMenuActions {
  /** Focus the search box in the renderer (Ctrl+K / ⌘K). */
  openSearch(): void;
}

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  language: Language;
  /** Reload and developer tools exist only in development: an agent should never need them. */
  isDev: boolean;
  actions: AppMenuActions;
}

export const SEARCH_ACCELERATOR = 'CmdOrCtrl+K';

export function appMenuTemplate({ platform, language, isDev, actions }: AppMenuOptions): MenuItemConstructorOptions[] {
  const t = (zh: string, en: string) => inLanguage(language, zh, en);
  const mac = platform === 'darwin';
  const appName = t(APP_NAME_ZH, APP_NAME);
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const about: MenuItemConstructorOptions = { role: 'about', label: t(`关于${appName}`, `About ${appName}`) };
  const quit: MenuItemConstructorOptions = { role: 'quit', label: t(`退出${appName}`, `Quit ${appName}`) };

  const menu: MenuItemConstructorOptions[] = [];
  if (mac) {
    menu.push({
      label: appName,
      submenu: [
        about,
        separator,
        { role: 'hide', label: t(`隐藏${appName}`, `Hide ${appName}`) },
        { role: 'hideOthers', label: t('隐藏其他', 'Hide Others') },
        { role: 'unhide', label: t('全部显示', 'Show All') },
        separator,
        quit,
      ],
    });
  }
  menu.push(
    {
      label: t('文件', 'File'),
      submenu: [
        { id: 'search', label: t('搜索…', 'Search…'), accelerator: SEARCH_ACCELERATOR, click: () => actions.openSearch() },
        separator,
        mac ? { role: 'close', label: t('关闭窗口', 'Close Window') } : quit,
      ],
    },
    {
      label: t('编辑', 'Edit'),
      submenu: [
        { role: 'undo', label: t('撤销', 'Undo') },
        { role: 'redo', label: t('重做', 'Redo') },
        separator,
        { role: 'cut', label: t('剪切', 'Cut') },
        { role: 'copy', label: t('复制', 'Copy') },
        { role: 'paste', label: t('粘贴', 'Paste') },
        { role: 'pasteAndMatchStyle', label: t('粘贴为纯文本', 'Paste as Plain Text') },
        { role: 'selectAll', label: t('全选', 'Select All') },
      ],
    },
    {
      label: t('视图', 'View'),
      submenu: [
        ...(isDev
          ? ([
              { role: 'reload', label: t('重新加载', 'Reload') },
              { role: 'forceReload', label: t('强制重新加载', 'Force Reload') },
              { role: 'toggleDevTools', label: t('开发者工具', 'Developer Tools') },
              separator,
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom', label: t('实际大小', 'Actual Size') },
        { role: 'zoomIn', label: t('放大', 'Zoom In') },
        { role: 'zoomOut', label: t('缩小', 'Zoom Out') },
        separator,
        { role: 'togglefullscreen', label: t('全屏', 'Toggle Full Screen') },
      ],
    },
    {
      label: t('窗口', 'Window'),
      submenu: mac
        ? [{ role: 'minimize', label: t('最小化', 'Minimize') }, { role: 'zoom', label: t('缩放', 'Zoom') }, separator, { role: 'front', label: t('前置全部窗口', 'Bring All to Front') }]
        : [{ role: 'minimize', label: t('最小化', 'Minimize') }, { role: 'close', label: t('关闭窗口', 'Close Window') }],
    },
  );
  if (!mac) menu.push({ label: t('帮助', 'Help'), submenu: [about] });
  return menu;
}
