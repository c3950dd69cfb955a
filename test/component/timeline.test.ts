import { flushSync } from 'svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TimelineItem } from '@shared/ipc/records';
import { callsStateFor } from '../../renderer/src/lib/state/calls.svelte';
import { sortTimeline } from '../../renderer/src/lib/state/customers-timeline.svelte';
import CustomerTimeline from '../../renderer/src/views/customers/CustomerTimeline.svelte';
import { callRow, chatMessage, smsRow } from './customers-fixtures';
import { useHarness } from './customers-harness';
import { fakeApp, settle, type FakeApp } from './inbox-fake-app';

const h = useHarness();

beforeAll(() => {
  // jsdom plays no media; the player's element and address are what these tests check.
  HTMLMediaElement.prototype.play = () => Promise.resolve();
});

const PHONE = '15023333333';
const t = (day: number, hour: number, minute = 0) => new Date(2026, 5, day, hour, minute).getTime();

const call = (at: number, patch: Parameters<typeof callRow>[0] = {}): TimelineItem => ({ type: 'call', at, call: callRow({ beganAt: at, contactPhone: PHONE, ...patch }) });
const sms = (at: number): TimelineItem => ({ type: 'sms', at, sms: smsRow({ sentAt: at, contactPhone: PHONE }) });
const chat = (at: number, id: number, text: string, title = '奥巴马 (友米)'): TimelineItem => ({
  type: 'message',
  at,
  message: chatMessage(id, 7, text, at),
  conversationTitle: title,
});

/** What main might send: vendors one after another, not merged. */
function fromEveryVendor(): TimelineItem[] {
  return [
    call(t(20, 9), { recordingState: 'available', recordingUrl: 'http://127.0.0.1:9/rec/1.mp3', durationSec: 75 }),
    call(t(22, 15), { connected: false, direction: 'in', durationSec: 0 }),
    sms(t(21, 10)),
    sms(t(22, 15)),
    chat(t(23, 8), 501, '你好，价格能再优惠吗？'),
    chat(t(22, 15), 502, '好的'),
    chat(t(19, 18), 503, '收到报价单'),
  ];
}

async function render(items: TimelineItem[]): Promise<FakeApp> {
  const fake = fakeApp({ 'records.timeline': () => items });
  h.render(CustomerTimeline, { app: fake.app, phone: PHONE });
  await settle();
  return fake;
}

const rows = () => h.all('[data-testid="timeline-item"]');

describe('the customer timeline', () => {
  it('merges calls, SMS and chats by time, newest first, with one fixed order for the same instant', () => {
    const items = fromEveryVendor();
    const sorted = sortTimeline(items);
    expect(sorted.map((i) => [i.type, i.at])).toEqual([
      ['message', t(23, 8)],
      ['message', t(22, 15)],
      ['sms', t(22, 15)],
      ['call', t(22, 15)],
      ['sms', t(21, 10)],
      ['call', t(20, 9)],
      ['message', t(19, 18)],
    ]);
    // Order of arrival does not matter.
    expect(sortTimeline([...items].reverse())).toEqual(sorted);
  });

  it('renders the merged list for the number', async () => {
    const fake = await render(fromEveryVendor());
    expect(fake.callsOf('records.timeline')).toEqual([{ phone: PHONE, limit: 200 }]);
    expect(rows().map((r) => r.dataset['type'])).toEqual(['message', 'message', 'sms', 'call', 'sms', 'call', 'message']);
    expect(rows()[0]?.textContent).toContain('你好，价格能再优惠吗？');
    expect(rows()[0]?.textContent).toContain('聊天 · 奥巴马 (友米)');
    expect(rows()[3]?.textContent).toContain('未接通');
    expect(rows()[5]?.textContent).toContain('1:15');
  });

  it('opens a chat item in its conversation at that message', async () => {
    const fake = await render(fromEveryVendor());
    rows()[0]?.querySelector('button')?.click();
    flushSync();
    expect(fake.app.view).toBe('inbox');
    expect(fake.app.conversationId).toBe(7);
    expect(fake.app.jumpToMessageId).toBe(501);
  });

  it('opens a call for its details and recording, and an SMS in the SMS list filtered to the number', async () => {
    const fake = await render(fromEveryVendor());
    const answered = rows()[5];
    answered?.querySelector('button')?.click();
    flushSync();
    expect(answered?.querySelector('button')?.getAttribute('aria-expanded')).toBe('true');
    answered?.querySelector<HTMLButtonElement>('[data-testid="recording-play"]')?.click();
    flushSync();
    expect(answered?.querySelector('audio')?.getAttribute('src')).toBe('http://127.0.0.1:9/rec/1.mp3');

    fake.handlers['records.listSms'] = () => ({ items: [] });
    rows()[2]?.querySelector('button')?.click();
    flushSync();
    expect(fake.app.view).toBe('calls');
    const calls = callsStateFor(fake.app);
    expect(calls.tab).toBe('sms');
    expect(calls.filters.number).toBe(PHONE);
  });

  it('says so when the number has no history, and keeps vendor text as text', async () => {
    await render([]);
    expect(h.target.querySelector('[data-testid="timeline-empty"]')?.textContent).toBe('这个号码还没有通话、短信或聊天记录。');
    h.clear();
    await render([chat(t(1, 1), 9, '<img src=x onerror=alert(1)>', '<b>x</b>')]);
    expect(h.target.querySelector('img, b')).toBeNull();
    expect(rows()[0]?.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
