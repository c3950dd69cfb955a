// The workspace the records e2e tests (Customers, Calls & SMS, Reports) run against: the BUILT web
// host as a child process, a 7moor simulator in this process (so the tests can read what it
// received and what its data says), and a small HTTP server with a real WAV file standing in for
// 7moor's recording storage (the simulator's recording paths point nowhere). The account is added and "my work phone" set over the web host's
// own IPC socket, then the test waits until sync has brought the calls in.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AccountSyncStatus } from '@shared/ipc/sync';
import { demoTone } from '../../electron/main/demo/media';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import type { SimAgent, SimCall } from '../../electron/main/vendors/moor/demo-data';
import { agentPage, launchChromium } from '../helpers/browser';
import { startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { connectToHost, waitUntil } from '../helpers/host-socket';
import type { TestSocket } from '../helpers/ws';

export interface RecordsWorkspace {
  host: RunningHost;
  sim: MoorSimulator;
  socket: TestSocket;
  browser: Browser;
  page: Page;
  accountId: string;
  /** The agent the app knows as "me". */
  me: SimAgent;
  /** The call whose recording is the real WAV served below. */
  recordedCall: SimCall;
  recordingUrl: string;
  /** Calls the app answers with over IPC, failing the test on an error. */
  invoke<T>(method: string, input: unknown): Promise<T>;
  close(): Promise<void>;
}

async function serveRecording(): Promise<{ server: Server; url: string }> {
  // The demo workspace's own recording tone, 0.4 s long.
  const wav = demoTone('e2e-recording.wav', 0.4);
  const server = createServer((request, response) => {
    if (request.url !== '/originalRecord/demo-call.wav') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length, 'accept-ranges': 'none' });
    response.end(wav);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/originalRecord/demo-call.wav` };
}

export async function startRecordsWorkspace(): Promise<RecordsWorkspace> {
  const recording = await serveRecording();
  const sim = await startMoorSimulator({ rateLimit: false, seed: 11, clientSecret: 'e2e-records-client-secret-0123456789' });
  const me = sim.dataset.agents[0];
  if (!me) throw new Error('the simulator has no agents');
  // My most recent connected call gets the playable recording.
  const mine = sim.dataset.calls.filter((c) => c.uid === me._id && c.connectType === 'connected');
  const recordedCall = mine.sort((a, b) => b.beginTime.localeCompare(a.beginTime))[0];
  if (!recordedCall) throw new Error('the simulator has no connected call for the first agent');
  recordedCall.soundUrl = recording.url;

  const host = await startHostProcess(['--ephemeral-secrets', '--no-demo']);
  const connection = await connectToHost(host);
  const socket = connection.socket;
  const invoke = <T>(method: string, input: unknown): Promise<T> => connection.invoke<T>(method, input);

  const account = await invoke<{ id: string }>('accounts.add', {
    vendor: 'moor',
    label: '七陌 测试租户',
    baseUrl: sim.url,
    settings: { clientId: sim.credentials.clientId },
    clientSecret: sim.credentials.clientSecret,
  });
  await invoke('accounts.setMyWorkPhone', { accountId: account.id, agentId: me._id, agentName: me.name, phone: me.phone });
  await invoke('sync.syncNow', { accountId: account.id });
  // The first sync brings every call and SMS of the window (the simulator's 30 days) before the
  // tests compare the lists with the simulator's data.
  let last: unknown;
  await waitUntil(
    async () => {
      const statuses = await invoke<AccountSyncStatus[]>('sync.getStatus', {});
      last = statuses;
      const streams = statuses.find((s) => s.accountId === account.id)?.streams ?? [];
      return (['calls', 'sms'] as const).every((name) => {
        const stream = streams.find((s) => s.stream === name);
        return stream?.lastSuccessAt !== undefined && stream.phase !== 'backfill';
      });
    },
    'the first sync of calls and SMS',
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${JSON.stringify(last)}`);
  });

  const browser = await launchChromium();
  const page = await agentPage(browser, { acceptDownloads: true });
  return {
    host,
    sim,
    socket,
    browser,
    page,
    accountId: account.id,
    me,
    recordedCall,
    recordingUrl: recording.url,
    invoke,
    async close() {
      socket.close();
      await browser.close();
      await host.stop();
      await sim.close();
      recording.server.close();
    },
  };
}

/** Opens the app on a view once the socket is up, in Chinese unless told otherwise. */
export async function openView(page: Page, url: string, view: 'customers' | 'calls' | 'reports'): Promise<void> {
  if (!page.url().startsWith(url.split('#')[0] ?? url)) await page.goto(url);
  await expect.poll(() => page.getByTestId('connection').getAttribute('class')).toContain('connected');
  await page.getByTestId(`nav-${view}`).click();
}
