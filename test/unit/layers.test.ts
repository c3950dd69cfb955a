// The layer rules are enforced by ESLint; this proves a violation is actually reported.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it('shared/ may not import electron, node:* or use DOM/Node globals', async () => {
    expect(await ruleIds('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', 'export const a = document.title;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('shared/x.ts', 'export const a = process.env;\n')).toContain('no-restricted-globals');
  });

  it('renderer/ may not import electron/ code or Node', async () => {
    expect(await ruleIds('renderer/src/x.ts', "import { createRouter } from '../../electron/main/ipc/router';\nexport const a = createRouter;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toContain('no-restricted-imports');
  });

  it('only desktop/, the entry and the preload may import electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await ruleIds('electron/main/services/x.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('electron/main/desktop/x.ts', code)).not.toContain('no-restricted-imports');
    expect(await ruleIds('electron/main/index.ts', code)).not.toContain('no-restricted-imports');
    // electron-updater requires electron when it loads, so the same rule holds for it.
    const updater = "import updater from 'electron-updater';\nexport const a = updater;\n";
    expect(await ruleIds('electron/main/update/x.ts', updater)).toContain('no-restricted-imports');
    expect(await ruleIds('electron/main/desktop/x.ts', updater)).not.toContain('no-restricted-imports');
  });

  it('refuses {@html} in components', async () => {
    expect(await ruleIds('renderer/src/X.svelte', '<script lang="ts">let { t }: { t: string } = $props();</script>\n{@html t}\n')).toContain('svelte/no-at-html-tags');
  });
});
