// The mount / unmount routine of the records views' component tests (Customers, Calls & SMS,
// timeline, Reports): a fresh target in Chinese for each test, and small DOM helpers.
import { flushSync, mount, unmount, type Component } from 'svelte';
import { afterEach, beforeEach } from 'vitest';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';

export interface Harness {
  readonly target: HTMLElement;
  render<P extends Record<string, unknown>>(component: Component<P>, props: P): void;
  /** Unmounts what is shown now, so one test can render twice. */
  clear(): void;
  byTestId<T extends Element = HTMLElement>(id: string): T | null;
  all<T extends Element = HTMLElement>(selector: string): T[];
  click(element: Element | null | undefined): void;
}

export function useHarness(): Harness {
  let target = document.createElement('div');
  let shown: ReturnType<typeof mount> | undefined;
  const clear = () => {
    if (shown) unmount(shown);
    shown = undefined;
    target.replaceChildren();
  };
  beforeEach(() => {
    i18n.setLanguage('zh');
    target = document.createElement('div');
    document.body.append(target);
  });
  afterEach(() => {
    clear();
    target.remove();
  });
  return {
    get target() {
      return target;
    },
    render(component, props) {
      shown = mount(component, { target, props });
      flushSync();
    },
    clear,
    byTestId: <T extends Element = HTMLElement>(id: string) => target.querySelector<T>(`[data-testid="${id}"]`),
    all: <T extends Element = HTMLElement>(selector: string) => [...target.querySelectorAll<T>(selector)],
    click(element) {
      if (!element) throw new Error('nothing to click');
      (element as HTMLElement).click();
      flushSync();
    },
  };
}
