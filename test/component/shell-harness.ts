// Mounts the whole App over the in-memory bridge of inbox-fake-app, as the preload would offer it
// (window.workphone), and takes it down again after each test.
import { mount, unmount } from 'svelte';
import App from '../../renderer/src/App.svelte';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { fakeApp, settle, type FakeApp, type Handlers } from './inbox-fake-app';

export interface MountedApp {
  fake: FakeApp;
  target: HTMLElement;
}

let mounted: { app: ReturnType<typeof mount>; target: HTMLElement } | undefined;

export async function mountApp(handlers: Handlers): Promise<MountedApp> {
  i18n.setLanguage('zh');
  const fake = fakeApp(handlers);
  const target = document.createElement('div');
  document.body.append(target);
  window.workphone = fake.app.client.bridge;
  mounted = { app: mount(App, { target }), target };
  await settle();
  return { fake, target };
}

export function unmountApp(): void {
  if (mounted) {
    unmount(mounted.app);
    mounted.target.remove();
  }
  mounted = undefined;
  delete window.workphone;
}
