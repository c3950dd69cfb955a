// "Export diagnostics" in the desktop app: the agent picks where the file goes (Downloads to begin
// with), and main writes it there. The text is made by services/diagnostics.ts.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appError } from '@shared/errors';
import type { SaveDiagnostics } from '../services/diagnostics';
import { inLanguage, type Language } from './language';

export interface SaveDialog<Window> {
  showSaveDialog(
    window: Window,
    options: { title: string; defaultPath: string; buttonLabel: string; filters: Array<{ name: string; extensions: string[] }> },
  ): Promise<{ canceled: boolean; filePath?: string }>;
}

export function saveDiagnosticsWithDialog<Window>(dialog: SaveDialog<Window>, deps: { window: () => Window | undefined; downloadsDir: string; language: () => Language }): SaveDiagnostics {
  return async (fileName, text) => {
    const window = deps.window();
    if (!window) return { saved: false };
    const t = (zh: string, en: string) => inLanguage(deps.language(), zh, en);
    const choice = await dialog.showSaveDialog(window, {
      title: t('导出诊断信息', 'Export diagnostics'),
      defaultPath: join(deps.downloadsDir, fileName),
      buttonLabel: t('保存', 'Save'),
      filters: [{ name: t('文本文件', 'Text file'), extensions: ['txt'] }],
    });
    if (choice.canceled || !choice.filePath) return { saved: false };
    try {
      await writeFile(choice.filePath, text, 'utf8');
    } catch (error) {
      throw appError('STORAGE', '诊断信息无法保存到这个位置，请换一个文件夹再试', 'The diagnostics could not be saved there; try another folder', {
        reason: (error as NodeJS.ErrnoException).code ?? 'write failed',
      });
    }
    return { saved: true, path: choice.filePath };
  };
}

/**
 * "Save as" for a message's picture or file: the dialog opens in Downloads with the file's own
 * name; main then streams the file there (services/media.ts).
 */
export function chooseMediaPathWithDialog<Window>(
  dialog: SaveDialog<Window>,
  deps: { window: () => Window | undefined; downloadsDir: string; language: () => Language },
): (suggestedName: string) => Promise<string | undefined> {
  return async (suggestedName) => {
    const window = deps.window();
    if (!window) return undefined;
    const t = (zh: string, en: string) => inLanguage(deps.language(), zh, en);
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(suggestedName)?.[1];
    const choice = await dialog.showSaveDialog(window, {
      title: t('另存为', 'Save as'),
      defaultPath: join(deps.downloadsDir, suggestedName),
      buttonLabel: t('保存', 'Save'),
      filters: [...(extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : []), { name: t('所有文件', 'All files'), extensions: ['*'] }],
    });
    return choice.canceled || !choice.filePath ? undefined : choice.filePath;
  };
}
