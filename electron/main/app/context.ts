// What every service is built from. The composition root (core.ts) makes one AppContext and hands
// it to each domain's handler factory; services never construct each other.
import type { AppContract } from '@shared/ipc/contract';
import type { EventBus } from '../ipc/event-bus';
import type { Logger } from '../log/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { Store } from '../store';
import type { Clock } from '../vendors/http/clock';
import type { SettingsService } from '../services/settings';
import type { VendorRegistry } from './vendor-registry';

export interface SyncControl {
  /** Starts pollers for every stored account (called once at start-up). */
  start(): void;
  /** Starts (or restarts, after an edit) the pollers of one account. */
  startAccount(accountId: string): Promise<void>;
  stopAccount(accountId: string): Promise<void>;
  stop(): Promise<void>;
}

export interface AppContext {
  host: 'electron' | 'web';
  dataDir: string;
  store: Store;
  secrets: SecretStore;
  bus: EventBus<AppContract>;
  logger: Logger;
  clock: Clock;
  vendors: VendorRegistry;
  settings: SettingsService;
  /** Filled in by the sync service once it is built. */
  sync: SyncControl;
}
