import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it } from 'vitest';
import Icon from '../../renderer/src/lib/ui/Icon.svelte';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { en } from '../../renderer/src/lib/i18n/en';
import { zh } from '../../renderer/src/lib/i18n/zh';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n', () => {
  it('has every Chinese string in English too, and none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const k of keys(en)) {
      const value = k.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], en);
      expect(String(value).trim(), k).not.toBe('');
    }
  });

  it('switches language, remembers it and marks the document', () => {
    i18n.setLanguage('en');
    expect(i18n.strings.nav.inbox).toBe('Inbox');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('workphone.language')).toBe('en');
    i18n.setLanguage('zh');
    expect(i18n.strings.nav.inbox).toBe('消息');
    expect(i18n.errorText({ message: 'Not found', messageZh: '未找到' })).toBe('未找到');
  });

  it('renders icons as inline SVG without markup injection', () => {
    const target = document.createElement('div');
    const icon = mount(Icon, { target, props: { name: 'inbox' } });
    flushSync();
    expect(target.querySelector('svg path')?.getAttribute('d')).toBeTruthy();
    unmount(icon);
  });
});
