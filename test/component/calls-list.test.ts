import { flushSync } from 'svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallRow } from '@shared/ipc/records';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { dayBoundary } from '../../renderer/src/lib/state/calls-format';
import { EMPTY_FILTERS, toRecordFilters } from '../../renderer/src/lib/state/calls.svelte';
import CallsTable from '../../renderer/src/views/calls/CallsTable.svelte';
import CallsView from '../../renderer/src/views/calls/CallsView.svelte';
import { callRow, callsWithEveryRecordingState, moorAccount, smsRow } from './customers-fixtures';
import { useHarness } from './customers-harness';
import { fakeApp, settle, vendorError, type FakeApp, type Handlers } from './inbox-fake-app';

const h = useHarness();
const { byTestId, click } = h;
const $$ = <T extends Element = HTMLElement>(selector: string) => h.all<T>(selector);

beforeAll(() => {
  // jsdom plays no media; the player's element and address are what these tests check.
  HTMLMediaElement.prototype.play = () => Promise.resolve();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function choose(testId: string, value: string): void {
  const control = byTestId<HTMLSelectElement | HTMLInputElement>(testId);
  if (!control) throw new Error(`no ${testId}`);
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement || control.type === 'date' ? 'change' : 'input', { bubbles: true }));
  flushSync();
}

function renderTable(calls: CallRow[]): FakeApp {
  const fake = fakeApp({});
  h.render(CallsTable, { app: fake.app, calls });
  return fake;
}

async function renderView(handlers: Handlers): Promise<FakeApp> {
  const fake = fakeApp({ 'accounts.list': () => [moorAccount('moor-1', '七陌')], 'reports.listAgents': () => [], ...handlers });
  h.render(CallsView, { app: fake.app });
  await settle();
  return fake;
}

describe('a call row', () => {
  it('shows time, direction, connected or not, customer with phone actions, duration and agent', () => {
    const today = new Date();
    today.setHours(9, 5, 0, 0);
    renderTable([
      callRow({ direction: 'in', connected: true, durationSec: 75, beganAt: today.getTime(), contactName: '王五', contactPhone: '13800138000' }),
      callRow({ direction: 'out', connected: false, durationSec: 0, contactName: undefined, contactPhone: '02112345678' }),
    ]);
    const [first, second] = $$('[data-testid="call-row"]');
    const cells = (row: HTMLElement | undefined) => [...(row?.querySelectorAll('td') ?? [])];
    expect(cells(first)[0]?.textContent).toBe('09:05');
    expect(first?.querySelector('[data-direction]')?.getAttribute('data-direction')).toBe('in');
    expect(first?.querySelector('[data-direction]')?.textContent?.trim()).toBe('呼入');
    expect(first?.querySelector('[data-testid="call-connected"]')?.textContent).toBe('已接通');
    expect(first?.querySelector('.customer .name')?.textContent?.trim()).toBe('王五');
    expect(first?.querySelector('[data-testid="phone-actions"]')?.getAttribute('data-phone')).toBe('13800138000');
    expect(first?.querySelector('[data-testid="call-duration"]')?.textContent).toBe('1:15');
    expect(cells(first)[5]?.textContent).toBe('川普');

    expect(second?.classList.contains('missed')).toBe(true);
    expect(second?.querySelector('[data-testid="call-connected"]')?.textContent).toBe('未接通');
    expect(second?.querySelector('[data-testid="call-duration"]')?.textContent).toBe('—');
    expect(second?.querySelector('.customer .name')?.textContent?.trim()).toBe('未命名');
    expect(second?.querySelector('[data-testid="phone-actions"]')?.getAttribute('data-phone')).toBe('02112345678');
  });

  it('shows every recording state: a player for "available", a clear label for the others', () => {
    renderTable(callsWithEveryRecordingState());
    const rows = $$('[data-testid="call-row"]');
    const labels = rows.map((row) => row.querySelector('[data-testid="recording-state"]')?.textContent?.trim() ?? null);
    expect(labels).toEqual([null, '录音未找到', '录音拷贝失败', '多通通话录音丢失', '无录音']);
    expect(rows.map((row) => row.querySelector('[data-testid="recording-state"]')?.getAttribute('data-state') ?? null)).toEqual([
      null,
      'not_found',
      'copy_fail',
      'multiple_call_lose',
      'none',
    ]);
    // Nothing is fetched until the agent asks for it.
    expect(h.target.querySelector('audio')).toBeNull();
    click(rows[0]?.querySelector('[data-testid="recording-play"]') ?? null);
    const audio = h.target.querySelector<HTMLAudioElement>('[data-testid="recording-audio"]');
    expect(audio?.controls).toBe(true);
    expect(audio?.getAttribute('src')).toBe(
      'https://cf-workphone.oss-cn-hangzhou.aliyuncs.com/originalRecord/P00000000024/201907/20190708172233-19926022861-outCall-1562577753335.mp3',
    );
  });

  it('labels the recording states in English too', () => {
    i18n.setLanguage('en');
    renderTable(callsWithEveryRecordingState());
    expect($$('[data-testid="recording-state"]').map((e) => e.textContent?.trim())).toEqual([
      'Recording not found',
      'Recording copy failed',
      'Lost (several calls at once)',
      'No recording',
    ]);
  });

  it('never plays a recording address that is not http(s)', () => {
    renderTable([callRow({ recordingState: 'available', recordingUrl: 'javascript:alert(1)' }), callRow({ recordingState: 'available' })]);
    expect(h.target.querySelector('[data-testid="recording-play"]')).toBeNull();
    expect($$('[data-testid="recording-state"]').map((e) => e.getAttribute('data-state'))).toEqual(['bad-url', 'bad-url']);
  });

  it('opens the customer\'s timeline from the name', () => {
    const fake = renderTable([callRow({ contactPhone: '13800138000' })]);
    click(h.target.querySelector('.customer .name'));
    expect(fake.app.view).toBe('customers');
    expect(fake.app.timelinePhone).toBe('13800138000');
  });
});

describe('record filters', () => {
  it('turn the filter bar into the contract\'s filters (local days, connected only for calls)', () => {
    const form = { ...EMPTY_FILTERS, direction: 'in' as const, connected: 'no' as const, from: '2026-03-01', to: '2026-03-02', number: ' 138 ', agentId: 'agent-1' };
    const from = new Date(2026, 2, 1).getTime();
    const to = new Date(2026, 2, 3).getTime() - 1;
    expect(toRecordFilters(form, 'calls')).toEqual({ direction: 'in', connected: false, number: '138', agentId: 'agent-1', from, to });
    expect(toRecordFilters(form, 'sms')).toEqual({ direction: 'in', number: '138', agentId: 'agent-1', from, to });
    expect(toRecordFilters(EMPTY_FILTERS, 'calls')).toEqual({});
    expect(dayBoundary('not a date', 'start')).toBeUndefined();
  });
});

describe('Calls & SMS view', () => {
  it('narrows the list with each filter and pages on with the cursor', async () => {
    const fake = await renderView({
      'records.listCalls': (input) => (input.cursor ? { items: [callRow()] } : { items: [callRow(), callRow()], nextCursor: 'next' }),
      'reports.listAgents': () => [{ vendorId: 'agent-1', name: '川普' }],
    });
    expect(fake.callsOf('records.listCalls')).toEqual([{ filters: {}, cursor: undefined, limit: 50 }]);
    expect($$('[data-testid="call-row"]')).toHaveLength(2);
    click(byTestId('load-more'));
    await settle();
    expect(fake.callsOf('records.listCalls').at(-1)?.cursor).toBe('next');
    expect($$('[data-testid="call-row"]')).toHaveLength(3);

    choose('filter-direction', 'out');
    await settle();
    expect(fake.callsOf('records.listCalls').at(-1)?.filters).toEqual({ direction: 'out' });
    choose('filter-connected', 'yes');
    await settle();
    expect(fake.callsOf('records.listCalls').at(-1)?.filters).toEqual({ direction: 'out', connected: true });
    choose('filter-agent', 'agent-1');
    choose('filter-from', '2026-03-01');
    await settle();
    expect(fake.callsOf('records.listCalls').at(-1)?.filters).toMatchObject({ agentId: 'agent-1', from: new Date(2026, 2, 1).getTime() });
    choose('filter-number', '1380');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle();
    expect(fake.callsOf('records.listCalls').at(-1)?.filters).toMatchObject({ number: '1380' });

    click(byTestId('filter-clear'));
    await settle();
    expect(fake.callsOf('records.listCalls').at(-1)?.filters).toEqual({});
  });

  it('switches to SMS (tabs, arrow keys) with the same filters minus "connected"', async () => {
    const fake = await renderView({
      'records.listCalls': () => ({ items: [callRow()] }),
      'records.listSms': () => ({ items: [smsRow({ direction: 'out', contactName: '赵六' })] }),
    });
    choose('filter-connected', 'no');
    await settle();
    click(byTestId('records-tab-sms'));
    await settle();
    expect(fake.callsOf('records.listSms')).toEqual([{ filters: {}, cursor: undefined, limit: 50 }]);
    expect(byTestId('filter-connected')).toBeNull();
    expect(byTestId('export-csv')).toBeNull();
    const row = h.target.querySelector('[data-testid="sms-row"]');
    expect(row?.textContent).toContain('赵六');
    expect(row?.textContent).toContain('发送');

    byTestId('records-tab-sms')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await settle();
    expect(byTestId('records-tab-calls')?.getAttribute('aria-selected')).toBe('true');
    // Nothing changed for calls since they were loaded: no second request.
    expect(fake.callsOf('records.listCalls')).toHaveLength(2);
  });

  it('reloads when main says new records arrived', async () => {
    const fake = await renderView({ 'records.listCalls': () => ({ items: [] }) });
    expect(byTestId('records-empty')?.textContent).toBe('没有符合条件的通话。');
    fake.handlers['records.listCalls'] = () => ({ items: [callRow()] });
    fake.emit('records.onDidChange', { calls: 1, sms: 0 });
    await settle();
    expect($$('[data-testid="call-row"]')).toHaveLength(1);
  });

  it('keeps an agent deep in the list in place when new records arrive, and offers to show them', async () => {
    const page = (n: number) => Array.from({ length: n }, () => callRow());
    const fake = await renderView({ 'records.listCalls': (input) => (input.cursor ? { items: page(10) } : { items: page(50), nextCursor: 'p2' }) });
    click(byTestId('load-more'));
    await settle();
    expect($$('[data-testid="call-row"]')).toHaveLength(60);
    const requests = fake.callsOf('records.listCalls').length;
    fake.emit('records.onDidChange', { calls: 1, sms: 0 });
    await settle();
    expect(fake.callsOf('records.listCalls')).toHaveLength(requests);
    expect($$('[data-testid="call-row"]')).toHaveLength(60);
    click(byTestId('records-new'));
    await settle();
    expect(fake.callsOf('records.listCalls').at(-1)?.cursor).toBeUndefined();
    expect($$('[data-testid="call-row"]')).toHaveLength(50);
    expect(byTestId('records-new')).toBeNull();
  });

  it('shows an error from main with a retry', async () => {
    let fail = true;
    await renderView({
      'records.listCalls': () => {
        if (fail) throw vendorError('Time span too large', '时间跨度过大', { statusCode: 4018 });
        return { items: [callRow()] };
      },
    });
    expect(byTestId('records-error')?.textContent).toContain('时间跨度过大');
    fail = false;
    click(byTestId('records-error')?.querySelector('button') ?? null);
    await settle();
    expect($$('[data-testid="call-row"]')).toHaveLength(1);
  });

  it('exports the filtered calls as a CSV file download', async () => {
    const csv = '\uFEFF时间,方向,号码\n2026-06-26 11:01:49,呼出,15023333333\n';
    const fake = await renderView({
      'records.listCalls': () => ({ items: [callRow()] }),
      'records.exportCallsCsv': () => ({ filename: 'calls-2026-06-26.csv', csv }),
    });
    const blobs: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      blobs.push(blob);
      return 'blob:test/1';
    };
    URL.revokeObjectURL = () => undefined;
    const downloads: Array<{ href: string; download: string; attached: boolean }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.href, download: this.download, attached: this.isConnected });
    });

    choose('filter-direction', 'out');
    await settle();
    click(byTestId('export-csv'));
    await settle();
    expect(fake.callsOf('records.exportCallsCsv')).toEqual([{ filters: { direction: 'out' } }]);
    expect(downloads).toEqual([{ href: 'blob:test/1', download: 'calls-2026-06-26.csv', attached: true }]);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    // UTF-8 with the BOM first, so Excel reads the Chinese.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe(csv.slice(1));
    expect(fake.app.notices.at(-1)?.text).toBe('已导出 calls-2026-06-26.csv');
  });
});
