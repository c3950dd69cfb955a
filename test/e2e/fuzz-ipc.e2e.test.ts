// The IPC fuzz: the built web host (demo workspace, syncing paused once some of it is in) gets
// ≥ 300 hostile inputs per contract method over its real socket (test/helpers/fuzz-inputs.ts).
// Every reply must be typed, never INTERNAL, never repeat caller text; an input refused must
// change nothing: no commit lands in the cache or the search index during that call
// (PRAGMA data_version from a read-only connection), and a method whose inputs were all refused
// leaves every table's row count and content hash as it was. The host must live through it all.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import type { AccountSyncStatus } from '@shared/ipc/sync';
import { DATABASE_FILE } from '../../electron/main/app/core';
import { hostileInput, MARK, rng, typedProblem } from '../helpers/fuzz-inputs';
import { connectToHost, type HostSocket } from '../helpers/host-socket';
import { startHostProcess, type RunningHost } from '../helpers/web-host-process';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261204);
const PER_METHOD = 300;
/** 5 MB strings per method: each is a real 5 MB frame through the host. */
const BIG_STRINGS = 1;

const dataDir = mkdtempSync(join(tmpdir(), 'wp-fuzz-'));
let host: RunningHost;
let ipc: HostSocket;
let cache: Database.Database;
let index: Database.Database;

const dataVersion = () => `${cache.pragma('data_version', { simple: true })}/${index.pragma('data_version', { simple: true })}`;

let digested: { version: string; tables: Record<string, string> } | undefined;

/** Row count and content hash of every table in the cache (computed again only after a commit). */
function digest(): Record<string, string> {
  const version = dataVersion();
  if (digested?.version === version) return digested.tables;
  const out: Record<string, string> = {};
  const tables = cache.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  for (const table of tables) {
    const hash = createHash('sha256');
    let rows = 0;
    // Every column in the order: WITHOUT ROWID tables have no rowid to sort by.
    const columns = (cache.pragma(`table_info("${table}")`) as unknown[]).map((_c, i) => i + 1).join(', ');
    for (const row of cache.prepare(`SELECT * FROM "${table}" ORDER BY ${columns}`).raw().iterate() as Iterable<unknown[]>) {
      rows++;
      hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v)));
    }
    out[table] = `${rows} ${hash.digest('hex').slice(0, 16)}`;
  }
  digested = { version, tables: out };
  return out;
}

/** Until nothing has committed for `quietMs` (the indexer catching up, a step finishing). */
async function quiesce(quietMs = 800, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = dataVersion();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error('the cache never went quiet');
    await new Promise((r) => setTimeout(r, 100));
    const now = dataVersion();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--demo', '--no-demo-traffic'], dataDir);
  ipc = await connectToHost(host);
  // Some of the demo in the cache, then no more syncing: the cache only changes if a call changes it.
  const deadline = Date.now() + 60_000;
  let status: AccountSyncStatus[] = [];
  while (!(status.length === 3 && status.every((a) => a.streams.some((s) => s.done > 0)))) {
    if (Date.now() > deadline) throw new Error(`the demo did not start syncing: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 300));
    status = await ipc.invoke<AccountSyncStatus[]>('sync.getStatus', {});
  }
  for (const account of status) await ipc.invoke('sync.pause', { accountId: account.accountId });
  cache = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  index = new Database(join(dataDir, DATABASE_FILE.replace(/\.sqlite$/, '-search.sqlite')), { readonly: true, fileMustExist: true });
  await quiesce();
}, 90_000);

afterAll(async () => {
  cache?.close();
  index?.close();
  ipc?.close();
  await host?.stop('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Figures {
  tried: number;
  refused: number;
  ok: number;
  /** Accepted by the contract, then refused by the handler, by code. */
  handlerErrors: Record<string, number>;
}

describe('IPC fuzz over the web host socket', () => {
  it(
    `every method, ${PER_METHOD} hostile inputs each (seed ${SEED})`,
    async () => {
      const figures: Record<string, Figures> = {};
      const failures: string[] = [];
      const methods = Object.keys(contract.methods).sort();
      for (const [m, method] of methods.entries()) {
        const schema = contract.methods[method as keyof typeof contract.methods].input;
        const rand = rng(SEED + m);
        const budget = { bigStrings: BIG_STRINGS };
        const fig: Figures = { tried: 0, refused: 0, ok: 0, handlerErrors: {} };
        figures[method] = fig;
        const before = digest();
        const versionBefore = dataVersion();
        for (let i = 0; i < PER_METHOD; i++) {
          const input = hostileInput(schema, rand, budget, { fts: method === 'search.query' });
          const v0 = dataVersion();
          const result = await ipc.socket.callRaw(method, input.text);
          const v1 = dataVersion();
          fig.tried++;
          const problem = typedProblem(result);
          if (problem) failures.push(`${method} #${i} (${input.what}): ${problem}: ${JSON.stringify(result).slice(0, 300)}`);
          if (result.ok) fig.ok++;
          else if (result.error.code === 'VALIDATION') {
            fig.refused++;
            if (v0 !== v1) failures.push(`${method} #${i} (${input.what}): refused, yet something committed during the call`);
          } else fig.handlerErrors[result.error.code] = (fig.handlerErrors[result.error.code] ?? 0) + 1;
        }
        if (fig.refused === fig.tried && dataVersion() !== versionBefore) {
          expect(digest(), `${method}: every input was refused, yet the cache changed`).toEqual(before);
        }
        if (dataVersion() !== versionBefore) await quiesce(300);
      }

      const rows = Object.entries(figures).map(([method, f]) => {
        const errors = Object.entries(f.handlerErrors).map(([code, n]) => `${code} ${n}`).join(', ');
        return `${method.padEnd(32)} ${String(f.tried).padStart(5)} ${String(f.refused).padStart(7)} ${String(f.ok + Object.values(f.handlerErrors).reduce((a, b) => a + b, 0)).padStart(8)}  ${errors}`;
      });
      const total = Object.values(figures).reduce((sum, f) => sum + f.tried, 0);
      console.log(
        [`IPC fuzz, seed ${SEED}: ${total} inputs over ${methods.length} methods`, `${'method'.padEnd(32)} ${'tried'.padStart(5)} ${'refused'.padStart(7)} ${'accepted'.padStart(8)}  (accepted, then refused by the handler)`, ...rows].join('\n'),
      );

      expect(failures.slice(0, 20)).toEqual([]);
      for (const [method, f] of Object.entries(figures)) expect(f.tried, method).toBeGreaterThanOrEqual(300);

      // The host lived through it, and said nothing of what it was sent.
      expect(host.child.exitCode).toBeNull();
      const fresh = await connectToHost(host);
      expect(await fresh.invoke('app.getInfo', {})).toMatchObject({ host: 'web' });
      fresh.close();
      expect(host.output()).not.toContain(MARK);
      expect(host.output()).not.toMatch(/Unhandled|RangeError|uncaught/i);
      expect(cache.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(index.pragma('integrity_check', { simple: true })).toBe('ok');
    },
    240_000,
  );
});
