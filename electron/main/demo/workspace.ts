// The demo workspace: the three vendor simulators in this process on 127.0.0.1, serving seeded
// tenants anchored at a moment kept in the data folder, each behind a gateway whose port stays
// the same across restarts. The demo accounts are ordinary accounts pointing at them, so the
// demo runs the app's real code paths (accounts, keychain, sync, replies, dialing).
import type { AccountDraft } from '@shared/ipc/accounts';
import type { Vendor } from '@shared/model';
import { silentLogger, type Logger } from '../log/logger';
import type { SecretName, SecretStore } from '../secrets/secret-store';
import type { AccountRecord, Store } from '../store';
import { buildMoorDemoDataset, type MoorDataset, type SimCall } from '../vendors/moor/demo-data';
import { startMoorSimulator, type MoorSimulator } from '../vendors/moor/simulator';
import { startYoumiSimulator, type YoumiSimulator } from '../vendors/youmi/simulator';
import { buildZhugeDemoData } from '../vendors/zhuge/demo-data';
import { startZhugeSimulator, type ZhugeSimulator } from '../vendors/zhuge/simulator';
import { activeAccounts } from '../services/accounts-record';
import { startGateway, type Gateway } from './gateway';
import { loadDemoState, saveDemoState } from './state';
import { customerLine, nextTrafficDelayMs } from './traffic';

export interface DemoWorkspaceOptions {
  dataDir: string;
  /** A new customer message every 20–40 s (and now and then a call or an SMS). */
  liveTraffic?: boolean;
  /** Every simulator answer this much later (a first sync that can be watched, or interrupted). */
  latencyMs?: number;
  logger?: Logger;
  now?: () => number;
  random?: () => number;
}

export interface DemoInbound {
  vendor: Vendor;
  kind: 'message' | 'call' | 'sms';
  text?: string;
}

export interface DemoWorkspace {
  anchorMs: number;
  urls: Record<Vendor, string>;
  simulators: { moor: MoorSimulator; youmi: YoumiSimulator; zhuge: ZhugeSimulator };
  /** The demo zhuge account's customer (one account is one customer's chat). */
  zhugeCustomerId: number;
  /** The three demo accounts, secrets included (the simulators' demo credentials, not real ones). */
  demoAccountDrafts(): AccountDraft[];
  /** A demo account of this workspace: marked demo and pointing at one of its simulators. */
  isDemoAccount(account: AccountRecord): boolean;
  /**
   * Before sync starts: demo accounts get their secrets back (a memory-only keychain forgets them
   * on every restart) and their base URL if a gateway had to move to another port.
   */
  repairDemoAccounts(store: Store, secrets: SecretStore): Promise<number>;
  /** Whether the demo accounts were created once already (an agent may have removed them since). */
  accountsCreated(): boolean;
  markAccountsCreated(): void;
  /** One inbound customer message (or a call / SMS) now; the vendor rotates unless given. */
  appendInbound(input?: { vendor?: Vendor; text?: string }): DemoInbound;
  /** Makes the simulators unreachable (their ports stop listening) or reachable again, on the same ports. */
  setReachable(reachable: boolean): Promise<void>;
  close(): Promise<void>;
}

const LABELS: Record<Vendor, string> = { moor: '演示·七陌工作手机', youmi: '演示·友米企微/个微', zhuge: '演示·诸葛雷达公众号' };
const PRIMARY_SECRET: Record<Vendor, SecretName> = { moor: 'clientSecret', youmi: 'token', zhuge: 'token' };
const VENDORS: Vendor[] = ['moor', 'youmi', 'zhuge'];
/** 李雪 🌸, a customer of the Zhuge demo data with every kind of message. */
export const ZHUGE_DEMO_CUSTOMER = 2;
/** The seeds the simulators use by default, written down so the demo never drifts from them. */
export const DEMO_SEEDS = { moor: 7, zhuge: 20_180_921 } as const;
const MOOR_FILES = 'https://wpfile.7moor.com/';
const MEDIA_PREFIX = '/__media/';

/** 7moor's rows point at files on its CDN; the demo's point at its own gateway, which serves them. */
function localMoorMedia(dataset: MoorDataset, gateway: string): void {
  const local = (url: string | undefined) => (url?.startsWith(MOOR_FILES) ? `${gateway}${MEDIA_PREFIX}moor/${url.slice(MOOR_FILES.length)}` : url);
  for (const message of dataset.messages) {
    const big = local(message.bigImgPath);
    const thumb = local(message.thumbImgPath);
    if (big !== undefined) message.bigImgPath = big;
    if (thumb !== undefined) message.thumbImgPath = thumb;
  }
  for (const call of dataset.calls) localRecording(call, gateway);
}

/** A real recording path (not one of 7moor's sentinels) → the gateway's recording of that name. */
function localRecording(call: SimCall, gateway: string): void {
  const url = call.soundUrl;
  if (!url || !/\.(mp3|wav|amr)$/i.test(url)) return;
  call.soundUrl = `${gateway}${MEDIA_PREFIX}recordings/${url.split('/').pop()}`;
}

let current: Promise<DemoWorkspace> | undefined;

/** The workspace of this process, started on first use (the desktop app's "try the demo"). */
export function ensureDemoWorkspace(options: DemoWorkspaceOptions): Promise<DemoWorkspace> {
  current ??= startDemoSimulators(options).catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

export function currentDemoWorkspace(): Promise<DemoWorkspace> | undefined {
  return current;
}

export async function startDemoSimulators(options: DemoWorkspaceOptions): Promise<DemoWorkspace> {
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const log = (options.logger ?? silentLogger).child('demo');
  const state = loadDemoState(options.dataDir, now());
  const anchorMs = state.anchorMs;
  const isMedia = (path: string) => path.startsWith(MEDIA_PREFIX) || path.startsWith('/statics/');
  const gateway = async (vendor: Vendor): Promise<Gateway> =>
    startGateway({ isMedia, ...(state.ports[vendor] ? { port: state.ports[vendor] } : {}), ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}) });
  const gateways: Record<Vendor, Gateway> = { moor: await gateway('moor'), youmi: await gateway('youmi'), zhuge: await gateway('zhuge') };

  const dataset = buildMoorDemoDataset({ seed: DEMO_SEEDS.moor, now: anchorMs });
  localMoorMedia(dataset, gateways.moor.url);
  const simulators = {
    moor: await startMoorSimulator({ dataset, seed: DEMO_SEEDS.moor }),
    youmi: await startYoumiSimulator({ nowMs: anchorMs }),
    zhuge: await startZhugeSimulator({ data: buildZhugeDemoData({ now: anchorMs, seed: DEMO_SEEDS.zhuge }) }),
  };
  for (const vendor of VENDORS) gateways[vendor].setTarget(simulators[vendor].url);
  state.ports = { moor: gateways.moor.port, youmi: gateways.youmi.port, zhuge: gateways.zhuge.port };
  saveDemoState(options.dataDir, state);
  const urls: Record<Vendor, string> = { moor: gateways.moor.url, youmi: gateways.youmi.url, zhuge: gateways.zhuge.url };
  const zhugeAccount = simulators.zhuge.account(ZHUGE_DEMO_CUSTOMER);

  const secretOf: Record<Vendor, string> = {
    moor: simulators.moor.credentials.clientSecret,
    youmi: simulators.youmi.token,
    zhuge: zhugeAccount.token,
  };

  let turn = 0;
  const appendInbound = (input: { vendor?: Vendor; text?: string } = {}): DemoInbound => {
    const vendor = input.vendor ?? VENDORS[turn++ % VENDORS.length]!;
    const text = input.text ?? customerLine(random());
    switch (vendor) {
      case 'moor': {
        const chats = dataset.sessions.filter((s) => s.chatType === 'single');
        const chat = chats[Math.floor(random() * chats.length)];
        simulators.moor.appendMessage({ ...(chat ? { chatId: chat.id } : {}), msgType: '101', msg: text });
        return { vendor, kind: 'message', text };
      }
      case 'youmi': {
        const fans = simulators.youmi.fans().filter((f) => !f.wxid.endsWith('@chatroom'));
        const fan = fans[Math.floor(random() * fans.length)]!;
        simulators.youmi.appendInbound({ wechatId: fan.wechatId, fansKey: fan.wxid, type: 1, content: text });
        return { vendor, kind: 'message', text };
      }
      case 'zhuge':
        simulators.zhuge.appendInbound({ customerId: ZHUGE_DEMO_CUSTOMER, content: { info_type: 1, msg: text } });
        return { vendor, kind: 'message', text };
    }
  };

  /** Now and then the work phone uploads a call or an SMS instead of a chat line. */
  const appendRecord = (): DemoInbound => {
    const customer = dataset.customers[Math.floor(random() * dataset.customers.length)];
    const contactTel = customer?.phone;
    if (random() < 0.6) {
      const call = simulators.moor.appendCall({ ...(contactTel ? { contactTel } : {}), callType: random() < 0.5 ? 'in' : 'out', connected: random() < 0.75 });
      localRecording(call, urls.moor);
      return { vendor: 'moor', kind: 'call' };
    }
    simulators.moor.appendSms({ ...(contactTel ? { contactTel } : {}), smsType: 'in' });
    return { vendor: 'moor', kind: 'sms' };
  };

  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      try {
        const made = random() < 0.2 ? appendRecord() : appendInbound();
        log.debug('live demo traffic', { vendor: made.vendor, kind: made.kind });
      } catch (error) {
        log.warn('live demo traffic failed', { error: error instanceof Error ? error.message : String(error) });
      }
      schedule();
    }, nextTrafficDelayMs(random()));
    timer.unref();
  };
  if (options.liveTraffic) schedule();

  const isDemoAccount = (account: AccountRecord): boolean => account.settings['demo'] === true || account.baseUrl === urls[account.vendor];

  return {
    anchorMs,
    urls,
    simulators,
    zhugeCustomerId: ZHUGE_DEMO_CUSTOMER,
    demoAccountDrafts: () => [
      { vendor: 'moor', label: LABELS.moor, baseUrl: urls.moor, settings: { clientId: simulators.moor.credentials.clientId }, clientSecret: secretOf.moor },
      {
        vendor: 'youmi',
        label: LABELS.youmi,
        baseUrl: urls.youmi,
        settings: { apiVersion: 'v2', wechatIds: simulators.youmi.operators.map((o) => String(o.wechatId)) },
        token: secretOf.youmi,
      },
      {
        vendor: 'zhuge',
        label: LABELS.zhuge,
        baseUrl: urls.zhuge,
        settings: { userId: String(zhugeAccount.customerId), uId: String(zhugeAccount.radarUserId) },
        token: secretOf.zhuge,
      },
    ],
    isDemoAccount,
    async repairDemoAccounts(store, secrets) {
      let repaired = 0;
      // A demo account the agent removed but whose cache they kept stays removed: no secrets back.
      for (const account of activeAccounts(store).filter(isDemoAccount)) {
        if (account.baseUrl !== urls[account.vendor]) {
          store.accounts.upsert({ ...account, baseUrl: urls[account.vendor] });
          repaired++;
        }
        const name = PRIMARY_SECRET[account.vendor];
        if ((await secrets.get(account.id, name)) === null) {
          await secrets.set(account.id, name, secretOf[account.vendor]);
          repaired++;
        }
      }
      return repaired;
    },
    accountsCreated: () => state.accountsCreatedAt !== undefined,
    markAccountsCreated() {
      state.accountsCreatedAt = now();
      saveDemoState(options.dataDir, state);
    },
    appendInbound,
    async setReachable(reachable) {
      await Promise.all(VENDORS.map((v) => gateways[v].setReachable(reachable)));
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      await Promise.all([...VENDORS.map((v) => gateways[v].close()), simulators.moor.close(), simulators.youmi.close(), simulators.zhuge.close()]);
      if (current && (await current.catch(() => undefined))?.urls === urls) current = undefined;
    },
  };
}
