// Real crashes: a child process writing to the cache is killed with SIGKILL at random moments,
// then restarted, several times. Afterwards the cache must hold exactly what was written: every
// page up to its cursor, nothing twice, counters that match, indexes that agree.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchFileFor } from './search/index-file';
import { openStore } from './store';

const here = dirname(fileURLToPath(import.meta.url));
const shared = join(here, '../../../shared');
const MESSAGES_PER_PAGE = 40; // as crash-writer.ts writes them
// jiti runs the TypeScript writer directly in a plain Node process, with the @shared alias.
const jitiCli = join(dirname(createRequire(import.meta.url).resolve('jiti/package.json')), 'lib/jiti-cli.mjs');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workphone-crash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer; with `killAfterMs` it is killed that long after it reports ready. */
function runWriter(file: string, mode: 'pages' | 'outbox', last: number, killAfterMs?: number): Promise<{ done: boolean; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [jitiCli, join(here, 'crash-writer.ts'), file, mode, String(last)], {
      env: { ...process.env, JITI_ALIAS: JSON.stringify({ '@shared': shared }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killAfterMs !== undefined && out.includes('ready')) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
        killAfterMs = undefined;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ done: out.includes('done'), killed: true });
      else if (code === 0) resolve({ done: out.includes('done'), killed: false });
      else reject(new Error(`writer failed (${code}): ${err}`));
    });
  });
}

async function crashRepeatedly(file: string, mode: 'pages' | 'outbox', last: number): Promise<number> {
  let kills = 0;
  for (const delay of [15, 60, 35, 120, 80]) {
    const run = await runWriter(file, mode, last, delay);
    if (run.killed && !run.done) kills++;
  }
  expect((await runWriter(file, mode, last)).done).toBe(true);
  return kills;
}

describe('the cache under SIGKILL', () => {
  it('keeps every sync page with its cursor: no gap, no duplicate, counts that match', async () => {
    const file = join(dir, 'cache.sqlite');
    const pages = 600;
    const kills = await crashRepeatedly(file, 'pages', pages);
    expect(kills).toBeGreaterThan(0);

    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n, count(DISTINCT vendor_msg_id) AS distinct_ids FROM messages').get()).toEqual({
      n: pages * MESSAGES_PER_PAGE,
      distinct_ids: pages * MESSAGES_PER_PAGE,
    });
    const { inbound } = raw.prepare("SELECT count(*) AS inbound FROM messages WHERE direction = 'in'").get() as { inbound: number };
    raw.close();
    const store = openStore({ file });
    try {
      expect(store.cursors.get('youmi-1', 'messages')?.value).toEqual({ page: pages });
      expect(inbound).toBeGreaterThan(0);
      expect(store.conversations.unreadTotals().total).toBe(inbound);
      let found = 0;
      let after: number | undefined;
      do {
        const page = store.search.messages('想下单', {}, { limit: 200, ...(after === undefined ? {} : { after }) });
        found += page.items.length;
        after = page.next;
      } while (after !== undefined);
      expect(found).toBe(pages * MESSAGES_PER_PAGE);
      expect(store.search.messages('下单', {}, { limit: 1 }).next).toBeDefined();
      // The indexer was killed with the writer, mid-transaction as often as not: the index file
      // holds every message exactly once (an op applied twice would count its documents twice).
      await store.searchIndexed();
      const index = new Database(searchFileFor(file), { readonly: true });
      index.exec("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'message_trigram', 'row')");
      expect(index.prepare("SELECT doc FROM temp.vocab WHERE term = '想下单'").pluck().get()).toBe(pages * MESSAGES_PER_PAGE);
      index.close();
    } finally {
      store.close();
    }
  }, 90_000);

  it('neither loses nor duplicates a queued reply, and keeps entry and message in step', async () => {
    const file = join(dir, 'cache.sqlite');
    const replies = 1500;
    expect(await crashRepeatedly(file, 'outbox', replies)).toBeGreaterThan(0);
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n, count(DISTINCT idempotency_key) AS keys FROM outbox').get()).toEqual({ n: replies, keys: replies });
    expect(raw.prepare("SELECT count(*) AS n FROM messages WHERE vendor_msg_id LIKE 'outbox:%'").get()).toEqual({ n: replies });
    // Entry state and message status always agree: they change in one transaction.
    expect(
      raw
        .prepare(
          `SELECT o.state, m.status, count(*) AS n FROM outbox o JOIN messages m ON m.id = o.message_id
           GROUP BY o.state, m.status ORDER BY o.state`,
        )
        .all(),
    ).toEqual([
      { state: 'pending', status: 'pending', n: replies / 2 },
      { state: 'sent', status: 'sent', n: replies / 2 },
    ]);
    raw.close();
  }, 90_000);
});
