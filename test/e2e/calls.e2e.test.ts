// Calls & SMS in Chromium through the built web host against a 7moor simulator: the synced calls
// listed densely, filters narrowing the list, a recording played from its real address, every
// recording state labelled, the CSV download, and the SMS tab.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/web-host-process';
import { openView, startRecordsWorkspace, type RecordsWorkspace } from './customers-workspace';

let ws: RecordsWorkspace;
const pageErrors: string[] = [];

beforeAll(async () => {
  ws = await startRecordsWorkspace();
  ws.page.on('pageerror', (e) => pageErrors.push(e.message));
}, 90_000);

afterAll(async () => {
  await ws?.close();
});

const rows = () => ws.page.getByTestId('call-row');
/** What these tests read of an <audio> element (this file is type-checked without the DOM). */
type AudioLike = { readyState: number; duration: number };

/** Each test starts from the unfiltered list, whatever the one before left behind. */
beforeEach(async () => {
  const clear = ws.page.getByTestId('filter-clear');
  if (await clear.count()) await clear.click();
});

describe('calls and SMS in the browser', () => {
  it('lists the synced calls with direction, connected state, customer, duration, agent and recording state', async () => {
    const { page } = ws;
    await openView(page, ws.host.url, 'calls');
    await expect.poll(() => rows().count()).toBe(50);
    const connected = ws.sim.dataset.calls.filter((c) => c.connectType === 'connected' && c.soundUrl && !['not_found', 'copy_fail', 'multiple_call_lose'].includes(c.soundUrl));
    expect(connected.length).toBeGreaterThan(0);
    expect(await page.getByTestId('recording-play').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/calls.png') });
    // Paging on by keyset as the agent scrolls brings the rest, each call once.
    const total = ws.sim.dataset.calls.length;
    await expect
      .poll(async () => {
        await rows().last().scrollIntoViewIfNeeded();
        return rows().count();
      })
      .toBe(total);
    const ids = await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-vendor-id')));
    expect(new Set(ids).size).toBe(total);
  });

  it("labels each of 7moor's recording sentinels", async () => {
    const { page, sim } = ws;
    for (const state of ['not_found', 'copy_fail', 'multiple_call_lose'] as const) {
      const call = sim.dataset.calls.find((c) => c.soundUrl === state);
      if (!call) continue;
      await page.getByTestId('filter-number').fill(call.contactTel);
      await expect.poll(() => page.locator(`[data-testid="recording-state"][data-state="${state}"]`).count()).toBeGreaterThan(0);
    }
    await page.getByTestId('filter-clear').click();
  });

  it('narrows the list with the filters', async () => {
    const { page, sim, recordedCall } = ws;
    await page.getByTestId('filter-number').fill(recordedCall.contactTel);
    const expected = sim.dataset.calls.filter((c) => c.contactTel === recordedCall.contactTel).length;
    await expect.poll(() => rows().count()).toBe(expected);
    const phones = await page.locator('[data-testid="call-row"] [data-testid="phone-actions"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-phone')));
    expect(new Set(phones)).toEqual(new Set([recordedCall.contactTel]));

    await page.getByTestId('filter-clear').click();
    await page.getByTestId('filter-direction').selectOption('in');
    await page.getByTestId('filter-connected').selectOption('no');
    await expect.poll(async () => {
      const directions = await page.locator('[data-testid="call-row"] [data-direction]').evaluateAll((els) => els.map((e) => e.getAttribute('data-direction')));
      const connected = await page.getByTestId('call-connected').evaluateAll((els) => els.map((e) => e.getAttribute('data-connected')));
      return directions.length > 0 && directions.every((d) => d === 'in') && connected.every((c) => c === 'false');
    }).toBe(true);
    await page.getByTestId('filter-clear').click();
  });

  it('plays a recording from its address: the audio element loads the file', async () => {
    const { page, recordedCall, recordingUrl } = ws;
    await page.getByTestId('filter-number').fill(recordedCall.contactTel);
    const row = page.locator(`[data-testid="call-row"][data-vendor-id="${recordedCall._id}"]`);
    await row.getByTestId('recording-play').click();
    const audio = row.getByTestId('recording-audio');
    expect(await audio.getAttribute('src')).toBe(recordingUrl);
    await expect
      .poll(() => audio.evaluate((el) => (el as unknown as AudioLike).readyState), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1); // HAVE_METADATA: the browser fetched and understood the file
    expect(await audio.evaluate((el) => Math.round((el as unknown as AudioLike).duration * 10) / 10)).toBe(0.4);
    await page.getByTestId('filter-clear').click();
  });

  it('exports the filtered calls as a CSV download', async () => {
    const { page, sim } = ws;
    await page.getByTestId('filter-direction').selectOption('out');
    await expect.poll(() => page.locator('[data-testid="call-row"] [data-direction="in"]').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^通话记录-calls-\d{12}\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('方向 Direction');
    const outgoing = sim.dataset.calls.filter((c) => c.callType === 'out').length;
    expect(lines.length - 1).toBe(outgoing);
    expect(lines.slice(1).every((line) => line.includes('呼出 out'))).toBe(true);
    await page.getByTestId('filter-clear').click();
  });

  it('shows the SMS tab with its own list', async () => {
    const { page, sim } = ws;
    await page.getByTestId('records-tab-sms').click();
    await expect.poll(() => page.getByTestId('sms-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('filter-connected').count()).toBe(0);
    const sample = sim.dataset.sms[0];
    if (sample) {
      await page.getByTestId('filter-number').fill(sample.contactTel);
      await expect.poll(() => page.getByTestId('sms-row').count()).toBe(sim.dataset.sms.filter((m) => m.contactTel === sample.contactTel).length);
      await page.getByTestId('filter-clear').click();
    }
    await expect.poll(() => page.getByTestId('sms-row').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/sms.png') });
    expect(pageErrors).toEqual([]);
  });
});
