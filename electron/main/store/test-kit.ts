// Shared set-up of the store tests: a store on a real temporary file, a fixed clock, an account,
// and builders for the decoded messages and records a sync page carries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord, DecodedMessage, SmsRecord } from '@shared/model';
import { openStore, type Store } from './store';

export const T0 = Date.UTC(2026, 0, 15, 4, 0, 0);

export interface TempStore {
  store: Store;
  file: string;
  dir: string;
  clock: { now: number };
  reopen(): Store;
  dispose(): void;
}

export function tempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'workphone-store-'));
  const file = join(dir, 'cache.sqlite');
  const clock = { now: T0 };
  const open = () => openStore({ file, now: () => clock.now });
  const temp: TempStore = {
    store: open(),
    file,
    dir,
    clock,
    reopen: () => {
      temp.store.close();
      temp.store = open();
      return temp.store;
    },
    dispose: () => {
      temp.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

export function addAccount(store: Store, id = 'youmi-1', vendor: 'youmi' | 'moor' | 'zhuge' = 'youmi'): string {
  store.accounts.upsert({ id, vendor, label: `${vendor} 测试`, baseUrl: 'http://127.0.0.1:1', settings: { wechatId: 7 } });
  return id;
}

export function textMessage(
  vendorMsgId: string,
  text: string,
  extra: Partial<DecodedMessage> & { conversationKey?: string } = {},
): DecodedMessage {
  return {
    vendorMsgId,
    conversationKey: 'fan-1',
    conversationKind: 'direct',
    direction: 'in',
    sentAt: T0,
    content: { kind: 'text', body: { text } },
    text,
    raw: JSON.stringify({ id: vendorMsgId, text }),
    ...extra,
  };
}

export function callRecord(vendorId: string, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    vendorId,
    direction: 'out',
    connected: true,
    localPhone: '13300000000',
    contactPhone: '13812345678',
    contactName: '王小明',
    beganAt: T0,
    endedAt: T0 + 61_000,
    durationSec: 61,
    recordingState: 'none',
    raw: JSON.stringify({ _id: vendorId }),
    ...extra,
  };
}

export function smsRecord(vendorId: string, extra: Partial<SmsRecord> = {}): SmsRecord {
  return {
    vendorId,
    direction: 'in',
    localPhone: '13300000000',
    contactPhone: '13812345678',
    contactName: '王小明',
    sentAt: T0,
    raw: JSON.stringify({ id: vendorId }),
    ...extra,
  };
}
