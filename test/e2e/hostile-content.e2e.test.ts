// A customer who attacks the agent through the chat, in Chromium through the BUILT web host: a
// Youmi simulator serves a conversation of markup and script in texts, names and titles,
// javascript: / data: / file: addresses in every link, card, file, image and mini-program field,
// a 1 MB text, direction overrides, unbreakable runs, combining-mark towers and emoji chains
// (electron/main/vendors/youmi/hostile.ts). The test proves that nothing runs (every payload
// calls a binding, opens a dialog or navigates, and all three are watched, with popups and every
// request that is not to the host), that no hostile link opens anything while the one https link
// goes out through main, that the layout holds, and that the 1 MB text is cut with "show more".
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import { HUGE_TEXT_LENGTH, seedHostileConversation, type HostileConversation } from '../../electron/main/vendors/youmi/hostile';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { connectToHost, waitUntil, type HostSocket } from '../helpers/host-socket';

const CALL = '__hostileRan';

let host: RunningHost;
let youmi: YoumiSimulator;
let socket: HostSocket;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let hostile: HostileConversation;

/** What the page did that it must not do, recorded as it happens. */
const ran: string[] = [];
const dialogs: string[] = [];
const navigations: string[] = [];
const popups: string[] = [];
const outside: { url: string; type: string }[] = [];
const pageErrors: string[] = [];
const openedThroughMain: string[] = [];
const framesSent: string[] = [];
let largestFrame = 0;
/** Each hostile row's local message id, by its label. */
const messageIds = new Map<string, number>();

const invoke = <T>(method: string, input: unknown): Promise<T> => socket.invoke<T>(method, input);
const rows = () => page.getByTestId('message');
const list = () => page.getByTestId('message-list');

beforeAll(async () => {
  youmi = await startYoumiSimulator({ seed: 41, demo: false });
  hostile = seedHostileConversation(youmi, { call: CALL });
  host = await startHostProcess(['--ephemeral-secrets', '--no-demo']);
  socket = await connectToHost(host);
  const account = (
    await invoke<{ id: string }>('accounts.add', {
      vendor: 'youmi',
      label: '友米 攻击测试',
      baseUrl: youmi.url,
      settings: { apiVersion: 'v2', wechatIds: youmi.operators.map((o) => String(o.wechatId)) },
      token: youmi.token,
    })
  ).id;
  await waitUntil(async () => {
    const listed = await invoke<AppOutput<'inbox.listConversations'>>('inbox.listConversations', { accountId: account, limit: 50 });
    const found = listed.items.find((c) => c.vendorConversationId.endsWith(hostile.fansKey));
    if (!found) return false;
    const messages = await invoke<AppOutput<'inbox.listMessages'>>('inbox.listMessages', { conversationId: found.id, limit: 200 });
    if (messages.items.length !== hostile.rows.length) return false;
    // Stored in the order the simulator sent them, one second apart.
    messages.items.forEach((m, i) => messageIds.set(hostile.rows[i]!.label, m.id));
    return true;
  }, 'the hostile conversation to sync');

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await context.exposeBinding(CALL, (_source, label: unknown) => void ran.push(String(label)));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(host.origin)) return route.continue();
    outside.push({ url: url.slice(0, 200), type: route.request().resourceType() });
    return route.abort();
  });
  page = await context.newPage();
  context.on('page', (opened) => void popups.push(opened.url() || 'a new page'));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('framenavigated', (frame) => navigations.push(frame.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { method?: string; input?: { url?: string } };
      if (frame.method) framesSent.push(frame.method);
      if (frame.method === 'app.openExternal') openedThroughMain.push(String(frame.input?.url));
    });
    ws.on('framereceived', ({ payload }) => void (largestFrame = Math.max(largestFrame, String(payload).length)));
  });
  await page.goto(host.url);
  await page.locator('[data-testid="connection"].connected').waitFor();
}, 120_000);

afterAll(async () => {
  socket?.close();
  await browser?.close();
  await host?.stop();
  await youmi?.close();
});

/** Scrolls the chat from its top to its end, calling `visit` with every message row the list mounts. */
async function everyRow(visit: (row: Locator, id: string) => Promise<void>): Promise<Set<string>> {
  const seen = new Set<string>();
  await list().evaluate((el) => (el.scrollTop = 0));
  for (let step = 0; step < 400; step++) {
    await page.waitForTimeout(80);
    for (const row of await rows().all()) {
      const id = (await row.getAttribute('data-message-id')) ?? '';
      if (seen.has(id)) continue;
      seen.add(id);
      await visit(row, id);
    }
    const atEnd = await list().evaluate((el) => {
      const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
      el.scrollTop += el.clientHeight * 0.6;
      return end;
    });
    if (atEnd && seen.size >= hostile.rows.length) break;
  }
  return seen;
}

/** The message row of a hostile row, scrolled to the middle of the chat. */
async function rowOf(label: string): Promise<Locator> {
  const id = messageIds.get(label);
  if (id === undefined) throw new Error(`no message for ${label}`);
  const found = await list().evaluate(async (el, wanted) => {
    const frame = () => new Promise((resolve) => el.ownerDocument.defaultView!.requestAnimationFrame(() => el.ownerDocument.defaultView!.requestAnimationFrame(resolve)));
    el.scrollTop = 0;
    for (let step = 0; step < 400; step++) {
      await frame();
      const row = el.querySelector(`[data-message-id="${wanted}"]`);
      if (row) {
        row.scrollIntoView({ block: 'center' });
        await frame();
        return el.querySelector(`[data-message-id="${wanted}"]`) !== null;
      }
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2) return false;
      el.scrollTop += el.clientHeight * 0.6;
    }
    return false;
  }, id);
  if (!found) throw new Error(`the chat never showed ${label}`);
  return page.locator(`[data-testid="message"][data-message-id="${id}"]`);
}

/** Vendor markup that became elements, attributes that run script, addresses that are not http(s). */
function injected(): Promise<string[]> {
  return page.locator('#app').evaluate((app) => {
    const found: string[] = [];
    for (const el of app.querySelectorAll('[data-testid="message-list"] :is(script, iframe, frame, object, embed, style, link, meta, base, form, img[srcdoc])')) {
      found.push(`element ${el.tagName}`);
    }
    for (const el of app.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) if (/^on/i.test(attr) || attr === 'srcdoc') found.push(`attribute ${attr} on ${el.tagName}`);
    }
    for (const a of app.querySelectorAll('a[href]')) if (!/^https?:\/\//.test(a.getAttribute('href') ?? '')) found.push(`href ${a.getAttribute('href')}`);
    for (const el of app.querySelectorAll('[src]')) {
      const src = el.getAttribute('src') ?? '';
      if (!/^https?:\/\//.test(src)) found.push(`src ${src.slice(0, 60)}`);
    }
    return found;
  });
}

/** How one row sits in the chat: its box against the list's, overflow, marks piled on one letter, un-isolated overrides. */
function layoutOf(row: Locator) {
  return row.evaluate((el) => {
    const list = el.closest('[data-testid="message-list"]')!;
    const listBox = list.getBoundingClientRect();
    const box = (el.querySelector('.bubble, .notice') ?? el).getBoundingClientRect();
    const view = el.ownerDocument.defaultView!;
    const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    let marks = 0;
    let loose = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      marks = Math.max(marks, ...(text.match(/\p{M}+/gu) ?? ['']).map((run: string) => [...run].length));
      if (!/[\u202a-\u202e\u2066-\u2069]/.test(text)) continue;
      let isolated = false;
      for (let up = node.parentElement; up && up !== el && !isolated; up = up.parentElement) {
        isolated = ['isolate', 'isolate-override', 'plaintext'].includes(view.getComputedStyle(up).unicodeBidi);
      }
      if (!isolated) loose++;
    }
    return {
      kind: el.getAttribute('data-kind'),
      left: Math.round(box.left - listBox.left),
      right: Math.round(listBox.right - box.right),
      height: Math.round(el.getBoundingClientRect().height),
      overflowX: el.scrollWidth - el.clientWidth,
      listHeight: list.clientHeight,
      marks,
      looseOverrides: loose,
    };
  });
}

function nothingRan(): void {
  expect(ran, 'payloads that ran').toEqual([]);
  expect(dialogs, 'dialogs').toEqual([]);
  expect(pageErrors, 'page errors').toEqual([]);
  expect(navigations.filter((url) => !url.startsWith(host.origin)), 'navigations away').toEqual([]);
}

/** Nothing left the page: no popup, no request but to the host (pictures excepted: only http(s) ones may load). */
function nothingLeft(): void {
  expect(popups, 'popups').toEqual([]);
  expect(openedThroughMain, 'links opened through main').toEqual([]);
  expect(outside.filter((r) => r.type !== 'image' || !/^https?:/.test(r.url)), 'requests that are not to the host').toEqual([]);
}

describe('hostile vendor content in Chromium', () => {
  it('lists the customer and opens the conversation: no payload in a name, title or message runs, and the layout holds', async () => {
    const conversation = page.getByTestId('conversation').filter({ hasText: '长名字' }).first();
    await conversation.waitFor();
    await conversation.click();
    await rows().first().waitFor();
    const layouts: Array<Awaited<ReturnType<typeof layoutOf>>> = [];
    const seen = await everyRow(async (row) => void layouts.push(await layoutOf(row)));
    expect(seen.size).toBe(hostile.rows.length);
    for (const layout of layouts) {
      // Inside the chat column, nothing wider than its row, no row taller than the chat.
      expect(layout.left, JSON.stringify(layout)).toBeGreaterThanOrEqual(0);
      expect(layout.right, JSON.stringify(layout)).toBeGreaterThanOrEqual(0);
      expect(layout.overflowX, JSON.stringify(layout)).toBeLessThanOrEqual(1);
      expect(layout.height, JSON.stringify(layout)).toBeLessThan(layout.listHeight);
      expect(layout.marks, JSON.stringify(layout)).toBeLessThanOrEqual(4);
      expect(layout.looseOverrides, JSON.stringify(layout)).toBe(0);
    }
    const page_ = await page.locator('html').evaluate((html) => ({ scroll: html.scrollWidth - html.ownerDocument.defaultView!.innerWidth, height: html.ownerDocument.defaultView!.innerHeight }));
    expect(page_.scroll, 'horizontal scroll of the page').toBeLessThanOrEqual(0);
    expect(await list().evaluate((el) => el.scrollWidth - el.clientWidth), 'horizontal scroll of the chat').toBeLessThanOrEqual(0);
    const composer = await page.getByTestId('composer-input').boundingBox();
    expect(composer && composer.y + composer.height <= page_.height && composer.height > 0, 'composer in view').toBe(true);
    // The chat title and the list row keep the name's override inside themselves too.
    for (const title of [page.getByTestId('chat-title'), conversation.locator('.title')]) {
      expect(await title.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).unicodeBidi)).toBe('isolate');
    }
    expect(await injected()).toEqual([]);
    nothingRan();
    nothingLeft();
  });

  it('carries no message page of megabytes over the socket: long texts and payloads are cut in main', () => {
    // The 1 MB text, a 500,000-character link title and a 100,000-character notice are all in the first page.
    expect(largestFrame).toBeGreaterThan(0);
    expect(largestFrame).toBeLessThan(400_000);
  });

  it('opens nothing when any hostile link, file or picture is clicked; the https link goes out through main', async () => {
    for (const label of [...hostile.hostileLinkLabels, 'card', 'mini-program', 'location', 'group-invite', 'chat-record', 'file-js', 'file-data', 'image-data', 'image-js', 'image-svg', 'video-js', 'quote']) {
      const row = await rowOf(label);
      const body = row.locator('.bubble, .notice').first();
      expect(await row.locator('a[href]').count(), label).toBe(0);
      expect(await row.getByRole('button', { name: /打开|Open/ }).count(), label).toBe(0);
      for (const target of await body.locator('.title, .description, img, [data-testid="image-placeholder"], [data-testid="file"], .poster').all()) {
        if (await target.isVisible()) await target.click({ force: true });
      }
      await body.click({ position: { x: 5, y: 5 } });
    }
    await page.waitForTimeout(500);
    nothingRan();
    nothingLeft();

    const https = await rowOf(hostile.httpsLinkLabel);
    await https.locator('a.title').click();
    await expect.poll(() => openedThroughMain).toEqual([hostile.httpsLinkUrl]);
    // The web host cannot open the system browser: after main's check the page opens a tab
    // (whose request the test's network stops).
    await expect.poll(() => popups.length).toBe(1);
    await expect.poll(() => outside).toEqual([{ url: hostile.httpsLinkUrl, type: 'document' }]);
    for (const opened of context.pages()) if (opened !== page) await opened.close();
    popups.length = 0;
    openedThroughMain.length = 0;
    outside.length = 0;
    nothingRan();
  });

  it('cuts the 1 MB text with "show more", and expands it by keyboard in steps inside a bounded box', async () => {
    const row = await rowOf('text-huge');
    const text = row.getByTestId('rich-text');
    const opening = (await text.textContent()) ?? '';
    expect(opening.length).toBeLessThanOrEqual(2001);
    expect(opening).toContain(`<img src=x onerror="${CALL}('huge-head')">`);
    const more = row.getByTestId('show-more');
    expect(await more.textContent()).toContain(`显示更多（还有 ${HUGE_TEXT_LENGTH - opening.length + 1} 字）`);

    let shown = opening.length;
    for (let step = 1; step <= 4; step++) {
      await more.press('Enter');
      await expect.poll(async () => ((await text.textContent()) ?? '').length).toBeGreaterThan(shown);
      shown = ((await text.textContent()) ?? '').length;
      const box = await text.evaluate((el) => ({ height: el.clientHeight, scroll: el.scrollHeight, role: el.getAttribute('role'), focused: el.ownerDocument.activeElement?.getAttribute('data-testid') }));
      // Bounded and scrollable: the bubble never grows with the text.
      expect(box.role).toBe('region');
      expect(box.height).toBeLessThanOrEqual(page.viewportSize()!.height * 0.6 + 1);
      expect(box.scroll).toBeGreaterThan(box.height);
      expect(box.focused).toBe('show-more');
      expect((await layoutOf(row)).height).toBeLessThan((await layoutOf(row)).listHeight);
      // The app answers while it grows: the composer takes typing.
      await page.getByTestId('composer-input').fill(`第${step}步`);
    }
    expect(shown).toBeGreaterThan(60_000);
    expect(framesSent.filter((m) => m === 'inbox.getMessageText').length, 'steps past what the page carried come from main').toBeGreaterThanOrEqual(3);
    await text.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.getByTestId('composer-input').fill('');
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'docs/screenshots', 'hostile-content.png') });

    await row.getByTestId('show-less').press('Enter');
    await expect.poll(async () => ((await text.textContent()) ?? '').length).toBe(opening.length);
    expect(await row.evaluate((el) => el.ownerDocument.activeElement?.getAttribute('data-testid'))).toBe('show-more');
    nothingRan();
    nothingLeft();
  });

  it('cuts a text of 5,000 short lines by lines, and says "Show more" in English', async () => {
    const row = await rowOf('text-lines');
    const opening = (await row.getByTestId('rich-text').textContent()) ?? '';
    expect(opening.split('\n').length).toBeLessThanOrEqual(20);
    expect(await row.getByTestId('show-more').textContent()).toContain('显示更多');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('nav-inbox').click();
    const again = await rowOf('text-lines');
    expect(await again.getByTestId('show-more').textContent()).toContain('Show more');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-zh').click();
    nothingRan();
  });
});
