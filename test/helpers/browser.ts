// Debian's Chromium driven by playwright-core: no browser download, the flags this machine needs.
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A page as the screenshots show the app: a 1280×800 window, Chinese locale. */
export function agentPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', ...options });
}
