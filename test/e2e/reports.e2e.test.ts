// Reports in Chromium through the built web host against a 7moor simulator: my calls today / 7 /
// 30 days and the per-day chart equal what 7moor itself answers for me (asked directly over HTTP,
// not through the app), the agent list, and the same page in English.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/web-host-process';
import { openView, startRecordsWorkspace, type RecordsWorkspace } from './customers-workspace';

let ws: RecordsWorkspace;

beforeAll(async () => {
  ws = await startRecordsWorkspace();
}, 90_000);

afterAll(async () => {
  await ws?.close();
});

interface DetailAnswer {
  in: number;
  out: number;
  inConnect: number;
  outConnect: number;
  inDuration: number;
  outDuration: number;
  timeframe: string;
  list: { date: string; in: number; out: number; inDuration: number; outDuration: number }[] | null;
}

/** Asks the simulator as any 7moor client would: getToken, then the report endpoint. */
async function askMoor<T>(path: string, body: unknown): Promise<T> {
  const { sim } = ws;
  const post = async (url: string, payload: unknown) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    const answer = (await response.json()) as { code: number; data: unknown; msg: string };
    if (answer.code !== 1) throw new Error(`${url}: ${answer.msg}`);
    return answer.data;
  };
  const { accessToken } = (await post(`${sim.url}/oauth/token/getToken?timestamp=${Date.now()}`, sim.credentials)) as { accessToken: string };
  return (await post(`${sim.url}/${path}?timestamp=${Date.now()}&accessToken=${accessToken}`, body)) as T;
}

/** What these tests read of a <canvas> (this file is type-checked without the DOM). */
type CanvasLike = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null };

const text = (id: string) => ws.page.getByTestId(id).textContent();
const number = async (id: string) => Number((await text(id))?.replace(/,/g, ''));

describe('reports in the browser', () => {
  it("shows my calls today / 7 / 30 days exactly as 7moor counts them", async () => {
    const { page, me } = ws;
    const report = await askMoor<{ today: number; late7: number; late30: number }>('api/report/callReport', { agentId: me._id });
    await openView(page, ws.host.url, 'reports');
    await expect.poll(() => number('report-late30')).toBe(report.late30);
    expect(await number('report-today')).toBe(report.today);
    expect(await number('report-late7')).toBe(report.late7);
    expect(await text('report-heading')).toBe('我的通话');
  });

  it('draws the per-day chart of the last 7 days with the totals 7moor gives', async () => {
    const { page, me } = ws;
    const detail = await askMoor<DetailAnswer>('api/report/callDetail', { agentId: me._id, timeSet: 'late7' });
    await expect.poll(() => number('total-in')).toBe(detail.in);
    expect(await number('total-out')).toBe(detail.out);
    expect(await number('total-in-connected')).toBe(detail.inConnect);
    expect(await number('total-out-connected')).toBe(detail.outConnect);
    expect(await text('report-timeframe')).toBe(`统计时间 ${detail.timeframe}`);
    // The canvas is drawn (chart.js sized it and painted something) and its data is 7moor's days.
    const canvas = page.getByTestId('call-chart').locator('canvas');
    await expect.poll(() => canvas.evaluate((el) => (el as unknown as CanvasLike).width)).toBeGreaterThan(100);
    const painted = await canvas.evaluate((el) => {
      const c = el as unknown as CanvasLike;
      const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
      let ink = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) ink++;
      return ink;
    });
    expect(painted).toBeGreaterThan(1000);
    const days = await page.getByTestId('chart-day').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(days.map((d) => d.slice(0, 3))).toEqual((detail.list ?? []).map((d) => [d.date.slice(5), String(d.in), String(d.out)]));
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/reports.png') });
  });

  it('switches to the last 30 days and to today', async () => {
    const { page, me } = ws;
    const late30 = await askMoor<DetailAnswer>('api/report/callDetail', { agentId: me._id, timeSet: 'late30' });
    await page.getByTestId('period-late30').click();
    await expect.poll(() => page.getByTestId('chart-day').count()).toBe(late30.list?.length ?? 0);
    expect(await number('total-out')).toBe(late30.out);
    const today = await askMoor<DetailAnswer>('api/report/callDetail', { agentId: me._id, timeSet: 'today' });
    await page.getByTestId('period-today').click();
    await expect.poll(() => page.getByTestId('chart-day').count()).toBe(1);
    expect(await number('total-in')).toBe(today.in);
    await page.getByTestId('period-late7').click();
  });

  it("lists the agents, marks me, and shows a colleague's numbers", async () => {
    const { page, sim, me } = ws;
    const agents = page.getByTestId('agent');
    await expect.poll(() => agents.count()).toBe(sim.dataset.agents.length);
    expect(await agents.first().locator('bdi').textContent()).toBe(me.name);
    expect(await agents.first().getAttribute('aria-current')).toBe('true');
    const colleague = sim.dataset.agents[1];
    if (!colleague) return;
    const theirs = await askMoor<{ late30: number }>('api/report/callReport', { agentId: colleague._id });
    await agents.nth(1).click();
    await expect.poll(() => text('report-heading')).toBe(`${colleague.name} 的通话`);
    await expect.poll(() => number('report-late30')).toBe(theirs.late30);
    await page.getByTestId('report-back').click();
    await expect.poll(() => text('report-heading')).toBe('我的通话');
  });

  it('reads in English', async () => {
    const { page } = ws;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('nav-reports').click();
    await expect.poll(() => text('report-heading')).toBe('My calls');
    await expect.poll(() => page.getByTestId('call-chart').locator('canvas').evaluate((el) => (el as unknown as CanvasLike).width)).toBeGreaterThan(100);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/reports-en.png') });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-zh').click();
  });
});
