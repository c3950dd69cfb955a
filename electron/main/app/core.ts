// The composition root shared by the Electron entry and the web host: it opens the store, builds
// the vendor clients, the sync engine and every domain's handlers, and hands back the router and
// the event bus. Nothing here imports electron.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { appError } from '@shared/errors';
import { contract, type AppContract } from '@shared/ipc/contract';
import type { AppInfo, TelHandlerGuidance } from '@shared/ipc/app';
import { createEventBus, type EventBus } from '../ipc/event-bus';
import { createRouter, type Router } from '../ipc/router';
import { silentLogger, type Logger } from '../log/logger';
import type { SecretStore } from '../secrets/secret-store';
import { openStore } from '../store';
import { systemClock, type Clock } from '../vendors/http/clock';
import type { AppContext, SyncControl } from './context';
import { safeExternalUrl } from './external-url';
import { createCrmHandlers } from '../services/crm';
import { createDialHandlers } from '../services/dial';
import { createInboxHandlers, InboxService } from '../services/inbox';
import { createRecordHandlers } from '../services/records';
import { createReplyHandlers, ReplyService } from '../services/reply';
import { createReportHandlers } from '../services/reports';
import { createSearchHandlers } from '../services/search';
import { createSettingsHandlers, SettingsService } from '../services/settings';
import { AccountsService, createAccountHandlers } from '../services/accounts';
import { createDesktopHandlers, type DesktopHealthSource } from '../services/desktop';
import { createUpdateHandlers } from '../services/update';
import { UpdateService } from '../update/service';
import { VendorRegistry } from './vendor-registry';
import { createSyncHandlers, createSyncService, type SyncService } from '../sync/service';
import { createDiagnosticsHandlers, type SaveDiagnostics } from '../services/diagnostics';
import { RedecodeJob } from '../sync/redecode';
import { createHealthHandlers, UndecodedNotices } from '../services/health';
import { createNetworkHandlers, NetworkService } from '../services/network';
import { createMediaHandlers, MediaService, type ChooseSavePath } from '../services/media';
import type { NetworkBackend } from '../network/backend';
import { ProxyAuth } from '../network/proxy-auth';
import { demoCustomersFor, demoDraftsFor } from '../demo/host';
import { APP_NAME, appVersion } from './version';

export interface AppCoreOptions {
  host: 'electron' | 'web';
  dataDir: string;
  secrets: SecretStore;
  logger?: Logger;
  clock?: Clock;
  demo?: boolean;
  /** Opens a vetted http(s) URL outside the app; the web host has no such power and returns false. */
  openExternal?: (url: string) => Promise<boolean> | boolean;
  /** The desktop shell's tel: guidance; absent in the web host. */
  telHandlerGuidance?: () => TelHandlerGuidance;
  /** The log files' folder (log/app-logging.ts): shown in About, read by the diagnostics export. */
  logs?: { dir: string; flush(): void };
  /** The desktop's save dialog for the diagnostics file; the web host lets the page download it. */
  saveDiagnostics?: SaveDiagnostics;
  /** The desktop's save dialog for a message's file; the web host hands the page a download instead. */
  chooseSavePath?: ChooseSavePath;
  /** The desktop shell's health (notifications that fail); absent in the web host. */
  desktopHealth?: DesktopHealthSource;
  /**
   * How vendor requests leave the computer. The desktop app passes Chromium's (system proxy, PAC,
   * the OS trust store); without one, the web host's undici network with the environment's proxy.
   */
  network?: (auth: ProxyAuth) => NetworkBackend | Promise<NetworkBackend>;
}

export interface AppCore {
  router: Router;
  /** The conversation in front of the agent, for the desktop shell's notifications. */
  inbox: InboxService;
  /** Not applicable until the Electron entry attaches electron-updater (installAutoUpdate). */
  updates: UpdateService;
  /** The proxy's sign-in, for the desktop app's app.on('login'). */
  proxyAuth: ProxyAuth;
  bus: EventBus<AppContract>;
  context: AppContext;
  /** Sync-now on wake-ups: the desktop's powerMonitor calls sync.wake. */
  sync: SyncService;
  /** Messages' pictures and files; the web host serves its prepared downloads (media.serve). */
  media: MediaService;
  info(): AppInfo;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'cache.sqlite';

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const logger = options.logger ?? silentLogger;
  mkdirSync(options.dataDir, { recursive: true });
  const bus = createEventBus(contract, logger);
  const undecodedNotices = new UndecodedNotices(bus);
  const storeLog = logger.child('store');
  const store = openStore({
    file: join(options.dataDir, DATABASE_FILE),
    onUndecoded: (accountIds) => undecodedNotices.touch(accountIds),
    // A worker that dies (its heap limit, a damaged index file) is replaced; the log says so.
    onIndexer: (event) => {
      if (event.type === 'error' || event.type === 'replaced') storeLog.warn(`search indexer ${event.type}`, { message: event.message });
    },
    onCheckpoint: (event) => {
      // Busy and locked are the normal answer while a reader holds the WAL; the worker asks again.
      if (event.type === 'error' && !/busy|locked/i.test(event.message ?? '')) storeLog.warn('checkpoint worker error', { message: event.message });
    },
  });
  const clock = options.clock ?? systemClock;
  const proxyAuth = new ProxyAuth({
    secrets: options.secrets,
    logger,
    clock,
    ask: (request) => bus.emit('network.onDidRequestProxyLogin', request),
    settled: (requestId) => bus.emit('network.onDidSettleProxyLogin', { requestId }),
  });
  const backend = options.network
    ? await options.network(proxyAuth)
    : (await import('../network/node-network')).createNodeNetwork({ auth: proxyAuth, env: process.env, logger });
  const network = new NetworkService({ store, auth: proxyAuth, backend, host: options.host, logger });
  // The saved proxy applies before the first poll goes out.
  await network.start();
  const vendors = new VendorRegistry({ store, secrets: options.secrets, logger, clock, fetch: backend.fetch });

  // A placeholder until the sync service below, which needs the finished context, takes over.
  const idleSync: SyncControl = { start() {}, async startAccount() {}, async stopAccount() {}, async stop() {} };

  const context: AppContext = {
    host: options.host,
    dataDir: options.dataDir,
    store,
    secrets: options.secrets,
    bus,
    logger,
    clock,
    vendors,
    settings: new SettingsService(store, bus),
    sync: idleSync,
  };
  const syncService = createSyncService(context);
  context.sync = syncService;

  // Stored records an older decoder could not read are decoded again, in the background.
  const redecode = new RedecodeJob({ store, bus, clock, logger: logger.child('redecode') });

  const inbox = new InboxService(context);
  const media = new MediaService({ fetch: backend.fetch, logger: logger.child('media'), ...(options.chooseSavePath ? { chooseSavePath: options.chooseSavePath } : {}) });
  const replies = new ReplyService(context);
  const updates = new UpdateService({
    currentVersion: appVersion(),
    state: store.settings,
    outbox: replies,
    onDidChangeStatus: (status) => bus.emit('update.onDidChangeStatus', status),
    logger,
    now: () => clock.now(),
  });
  const accounts = new AccountsService(context, { demoDrafts: demoDraftsFor(options.dataDir), demoCustomers: demoCustomersFor(options.dataDir) });

  const info = (): AppInfo => ({
    name: APP_NAME,
    version: appVersion(),
    host: options.host,
    platform: process.platform,
    secretStorage: options.secrets.kind,
    dataDir: options.dataDir,
    ...(options.logs ? { logsDir: options.logs.dir } : {}),
    demo: options.demo ?? false,
  });

  const router = createRouter(
    contract,
    {
      'app.getInfo': () => info(),
      'app.openExternal': async ({ url }) => {
        const safe = safeExternalUrl(url);
        if (!safe) throw appError('VALIDATION', '只能打开 http(s) 链接', 'Only http(s) links can be opened', { field: 'url' });
        return { opened: options.openExternal ? await options.openExternal(safe) : false };
      },
      'app.getTelHandlerGuidance': () =>
        options.telHandlerGuidance?.() ?? {
          applicable: false,
          isDefault: false,
          canSetItself: false,
          summary: '在浏览器中运行时，电话链接由浏览器处理 / In the browser, tel: links are handled by the browser',
          steps: [],
        },
      ...createAccountHandlers(accounts),
      ...createSyncHandlers(syncService),
      ...createSettingsHandlers(context.settings),
      ...createInboxHandlers(context, inbox),
      ...createReplyHandlers(context, replies),
      ...createDialHandlers(context),
      ...createCrmHandlers(context),
      ...createRecordHandlers(context),
      ...createReportHandlers(context),
      ...createSearchHandlers(context),
      ...createDiagnosticsHandlers(context, {
        info: () => info(),
        sync: syncService,
        ...(options.logs ? { logs: options.logs } : {}),
        ...(options.saveDiagnostics ? { save: options.saveDiagnostics } : {}),
      }),
      ...createHealthHandlers(context, redecode),
      ...createUpdateHandlers(updates),
      ...createDesktopHandlers(options.desktopHealth),
      ...createNetworkHandlers(network, proxyAuth),
      ...createMediaHandlers(media),
    },
    logger,
  );

  context.sync.start();
  replies.start();
  void redecode.start();

  return {
    router,
    inbox,
    updates,
    proxyAuth,
    bus,
    context,
    sync: syncService,
    media,
    info,
    async close() {
      media.close();
      updates.dispose();
      accounts.dispose();
      await replies.stop();
      await context.sync.stop();
      await redecode.stop();
      undecodedNotices.close();
      await backend.close();
      store.close();
    },
  };
}
