// Killed while sending: the BUILT web host, with a real Youmi v2 account in the OS keychain, is
// sent a run of replies over its IPC socket (reply.send, as the renderer sends them) and killed
// with SIGKILL at seeded random moments in the middle of it, again and again, each time restarted
// on the same data folder. The Youmi simulator runs in this test process, outside what is killed,
// and answers every send a little late, as a real vendor does, so kills land before, during and
// after sends. It is the judge: it counts every send it received.
//
// Afterwards: every reply whose reply.send was acknowledged reached Youmi exactly once, no reply
// (acknowledged or not) reached it twice, the cache shows each once, `integrity_check` is ok on
// both files and the search index equals the cache. A send cut off by a kill has an unknown
// outcome (Youmi v2 has no idempotency key): the app never repeats it by itself; the next sync's
// echo settles those that arrived, and the rest stay failed with "check the chat" for the agent,
// who retries them here as the app asks.
//
// REPLY_KILL_SEED=n repeats a run's plan (the kill moments, the gaps, the vendor's latency).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import type { Result } from '@shared/ipc/define';
import type { Message } from '@shared/model';
import { DATABASE_FILE } from '../../electron/main/app/core';
import { KeytarSecretStore } from '../../electron/main/secrets/keytar-store';
import { searchFileFor } from '../../electron/main/store/search/index-file';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { rng } from '../helpers/fuzz-inputs';
import { connectToHost, waitUntil, type HostSocket } from '../helpers/host-socket';
import { compareSearchIndexWithCache } from '../helpers/search-index-equality';
import { startHostProcess, type RunningHost } from '../helpers/web-host-process';

const SEED = Number(process.env['REPLY_KILL_SEED'] ?? 20261211);
const KILLS = 10;
const CONVERSATIONS = 6;
/** Replies sent by the last run, which is not killed, before the outbox drains. */
const LAST_RUN_REPLIES = 6;
const UNKNOWN_OUTCOME = /send outcome is unknown/;
/** A wait that gives up, so a run that goes wrong fails inside the test's bound (not a speed claim). */
const WAIT_MS = 30_000;

const dataDir = mkdtempSync(join(tmpdir(), 'wp-reply-kill-'));
const cacheFile = join(dataDir, DATABASE_FILE);
// A keychain service of this run's own: the app's real entries are never read or written.
const keychainService = `workphone-desk-test-${randomBytes(6).toString('hex')}`;
const hostArgs = ['--no-demo', '--keychain-service', keychainService];
const rand = rng(SEED);
const between = (low: number, high: number) => Math.round(low + rand() * (high - low));

const TEMPLATES = [
  '您好，合同已经盖章寄出，顺丰单号稍后发您，请注意查收。',
  '收到，明天上午十点我们准时到店里安装调试。',
  '这款榴莲千层今天有现货，两个一起下单可以包邮到家。',
  '发票抬头和税号我核对过了，本周五之前开好寄给您。',
  '好的亲，退款已经提交，原路返回大约需要三个工作日。',
];

interface Reply {
  marker: string;
  text: string;
  conversationId: number;
  /** The run (1-based) that sent it. */
  run: number;
  /** reply.send returned ok to us before the host died. */
  acknowledged: boolean;
}

const replies: Reply[] = [];
let youmi: YoumiSimulator;
let accountId = '';
let conversationIds: number[] = [];

afterAll(async () => {
  await youmi?.close();
  if (accountId) await new KeytarSecretStore({ service: keychainService }).deleteAccount(accountId).catch(() => 0);
  rmSync(dataDir, { recursive: true, force: true });
});

function nextReply(run: number): Reply {
  const n = replies.length + 1;
  // Padded, so no marker is part of another and a search for one finds only its reply.
  const marker = `R${SEED % 10_000}-${String(n).padStart(3, '0')}`;
  const reply: Reply = {
    marker,
    text: `【${marker}】${TEMPLATES[n % TEMPLATES.length]}`,
    conversationId: conversationIds[n % conversationIds.length]!,
    run,
    acknowledged: false,
  };
  replies.push(reply);
  return reply;
}

const markerOf = (text: string): string | undefined => /【(R\d+-\d{3})】/.exec(text)?.[1];

/** What Youmi received, per marker. */
function youmiCopies(): Map<string, number> {
  const copies = new Map<string, number>();
  for (const send of youmi.v2Sends()) {
    const marker = markerOf(String(send.body['Text'] ?? '')) ?? `unmarked: ${JSON.stringify(send.body)}`;
    copies.set(marker, (copies.get(marker) ?? 0) + 1);
  }
  return copies;
}

/** The cache's messages holding each marker, as the inbox shows them. */
async function cachedReplies(ipc: HostSocket): Promise<Map<string, Message[]>> {
  const found = new Map<string, Message[]>();
  for (const conversationId of conversationIds) {
    const page = await ipc.invoke<AppOutput<'inbox.listMessages'>>('inbox.listMessages', { conversationId, limit: 200 });
    expect(page.olderCursor, 'one page holds the whole conversation').toBeUndefined();
    for (const message of page.items) {
      const marker = markerOf(message.text);
      if (marker) found.set(marker, [...(found.get(marker) ?? []), message]);
    }
  }
  return found;
}

/**
 * Sends replies one after another, each as soon as the previous one was answered and a short gap
 * passed, until the host is killed `killAfterMs` after the first. A call the host did not answer
 * before dying is unacknowledged: the agent never saw it queued.
 */
async function sendUntilKilled(host: RunningHost, run: number, killAfterMs: number): Promise<{ sent: number; acknowledged: number }> {
  const ipc = await connectToHost(host);
  const closed = ipc.socket.closed.then(() => 'closed' as const);
  const killed = new Promise((resolve) => setTimeout(resolve, killAfterMs)).then(() => host.stop('SIGKILL'));
  let sent = 0;
  let acknowledged = 0;
  for (;;) {
    const reply = nextReply(run);
    sent++;
    const answer = await Promise.race([ipc.socket.call('reply.send', { conversationId: reply.conversationId, content: { kind: 'text', text: reply.text } }), closed]);
    if (answer === 'closed') break;
    const result = answer as Result<Message>;
    if (!result.ok) throw new Error(`reply.send refused ${reply.marker}: ${result.error.code} ${result.error.message}`);
    reply.acknowledged = true;
    acknowledged++;
    if ((await Promise.race([new Promise((resolve) => setTimeout(resolve, between(40, 140))), closed])) === 'closed') break;
  }
  // Exit code null: the host died of the signal, not of its own accord.
  expect(await killed).toBeNull();
  return { sent, acknowledged };
}

describe('killed while sending replies', () => {
  it(
    'delivers every acknowledged reply exactly once across SIGKILLs, with an intact cache and index',
    async () => {
      youmi = await startYoumiSimulator({ seed: SEED % 1000, demo: false });
      // A real vendor answers a send in tens of milliseconds, not at once on loopback: the window in
      // which a kill cuts a send in half is then as wide as it is in use.
      for (let i = 0; i < 400; i++) youmi.injectFault('v2.send', { kind: 'delay', delayMs: between(10, 120) });
      const fans = youmi.fans().filter((f) => !f.wxid.endsWith('@chatroom')).slice(0, CONVERSATIONS);
      for (const [i, fan] of fans.entries()) {
        youmi.appendInbound({ wechatId: fan.wechatId, fansKey: fan.wxid, type: 1, content: `你好，我是${fan.name}，上次说的那批货什么时候能发？`, atMs: Date.now() - (i + 1) * 60_000 });
      }
      const killAt = Array.from({ length: KILLS }, () => between(80, 700));
      const plan = `reply-kill seed ${SEED}: kills ${killAt.map((ms) => `${ms} ms`).join(', ')} after each run's first send`;
      console.log(plan);

      // First start: the account is added through IPC and its first sync finds the conversations.
      let host = await startHostProcess(hostArgs, dataDir);
      const setup = await connectToHost(host);
      accountId = (
        await setup.invoke<{ id: string }>('accounts.add', {
          vendor: 'youmi',
          label: '友米 发送测试',
          baseUrl: youmi.url,
          settings: { apiVersion: 'v2', wechatIds: [...new Set(fans.map((f) => String(f.wechatId)))] },
          token: youmi.token,
        })
      ).id;
      await waitUntil(async () => {
        const listed = await setup.invoke<AppOutput<'inbox.listConversations'>>('inbox.listConversations', { accountId, limit: 50 });
        conversationIds = listed.items.filter((c) => !c.readOnly && c.capabilities.includes('text')).map((c) => c.id);
        return conversationIds.length === CONVERSATIONS;
      }, 'the first sync of the Youmi account', WAIT_MS);
      setup.close();

      const runs: string[] = [];
      for (const [i, delay] of killAt.entries()) {
        if (i > 0) host = await startHostProcess(hostArgs, dataDir);
        const { sent, acknowledged } = await sendUntilKilled(host, i + 1, delay);
        runs.push(`run ${i + 1}: killed at ${delay} ms, ${sent} sent, ${acknowledged} acknowledged, Youmi has ${youmi.v2Sends().length} in all`);
      }

      // The last run is not killed: it sends a few more, then lets the outbox drain.
      host = await startHostProcess(hostArgs, dataDir);
      const ipc = await connectToHost(host);
      let retriedByAgent = 0;
      try {
        for (let i = 0; i < LAST_RUN_REPLIES; i++) {
          const reply = nextReply(KILLS + 1);
          await ipc.invoke('reply.send', { conversationId: reply.conversationId, content: { kind: 'text', text: reply.text } });
          reply.acknowledged = true;
        }
        const queued = async () => [...(await cachedReplies(ipc)).values()].flat();
        await waitUntil(async () => (await queued()).every((m) => m.status !== 'pending'), 'the outbox to drain', WAIT_MS);

        // Youmi's history carries back what it received; the echo marks those replies sent.
        await waitUntil(async () => {
          await ipc.invoke('sync.syncNow', { accountId });
          const cached = await cachedReplies(ipc);
          return [...youmiCopies().keys()].every((marker) => cached.get(marker)?.every((m) => m.status === 'sent'));
        }, 'the echoes of the delivered replies', WAIT_MS);
        const cached = await cachedReplies(ipc);
        const failed = [...cached.values()].flat().filter((m) => m.status === 'failed');
        // What is still failed never reached Youmi (proven just above), and says so to the agent:
        // check the chat, then resend. The agent looks, finds no copy, and retries.
        for (const message of failed) {
          expect(message.failureReason).toMatch(UNKNOWN_OUTCOME);
          expect(youmiCopies().has(markerOf(message.text)!)).toBe(false);
          await ipc.invoke('reply.retry', { messageId: message.id });
          retriedByAgent++;
        }
        await waitUntil(async () => [...(await cachedReplies(ipc)).values()].flat().every((m) => m.status === 'sent'), 'the retried replies', WAIT_MS);

        // The index answers for every reply the cache holds: each marker finds its one message.
        const inCache = await cachedReplies(ipc);
        for (const marker of inCache.keys()) {
          const found = await ipc.invoke<AppOutput<'search.query'>>('search.query', { query: marker, filters: { types: ['message'] } });
          expect(found.messages.map((hit) => hit.id), `search for ${marker}`).toEqual(inCache.get(marker)!.map((m) => m.id));
        }
        // Two Chinese characters go through the unigram index: every reply that has them, newest first.
        const stamped = [...inCache.values()].flat().filter((m) => m.text.includes('盖章')).map((m) => m.id).sort((a, b) => b - a);
        const found = await ipc.invoke<AppOutput<'search.query'>>('search.query', { query: '盖章', filters: { types: ['message'] }, limit: 100 });
        expect(stamped.length).toBeGreaterThan(0);
        expect(found.messages.map((hit) => hit.id)).toEqual(stamped);
      } finally {
        ipc.close();
        expect(await host.stop('SIGTERM')).toBe(0);
      }

      const copies = youmiCopies();
      const acknowledged = replies.filter((r) => r.acknowledged);
      const unacknowledged = replies.filter((r) => !r.acknowledged);
      const duplicates = [...copies.entries()].filter(([, n]) => n > 1);

      const cache = new Database(cacheFile, { readonly: true, fileMustExist: true });
      const index = new Database(searchFileFor(cacheFile), { readonly: true, fileMustExist: true });
      let settledByEcho: number;
      try {
        expect(cache.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(index.pragma('integrity_check', { simple: true })).toBe('ok');
        // Each reply the cache holds is there once, and only replies Youmi received (the unsent
        // unacknowledged ones were never queued).
        const rows = cache
          .prepare("SELECT text, status, count(*) AS n FROM messages WHERE direction = 'out' AND text LIKE '【R%' GROUP BY text")
          .all() as { text: string; status: string; n: number }[];
        expect(rows.filter((r) => r.n !== 1 || r.status !== 'sent')).toEqual([]);
        expect(rows.map((r) => markerOf(r.text)).sort()).toEqual([...copies.keys()].sort());
        // A reply marked sent by Youmi's answer keeps Youmi's taskId; one whose answer a kill cut off
        // was marked sent by its echo and keeps the echo's message id instead.
        const taskIds = new Set(youmi.v2Sends().map((send) => send.taskId));
        const outbox = cache.prepare("SELECT vendor_task_id FROM outbox WHERE state = 'sent'").pluck().all() as string[];
        settledByEcho = outbox.filter((taskId) => !taskIds.has(taskId)).length;
      } finally {
        cache.close();
        index.close();
      }

      console.log(
        [
          ...runs,
          `${KILLS} kills, ${replies.length} replies sent, ${acknowledged.length} acknowledged, ${unacknowledged.length} cut off before their answer`,
          `Youmi received ${youmi.v2Sends().length} sends for ${copies.size} replies; duplicates ${duplicates.length}`,
          `marked sent by their echo (answer not recorded: a kill mid-send, rarely the echo came first) ${settledByEcho}; cut off before reaching Youmi, failed "check the chat" and retried by the agent ${retriedByAgent}`,
        ].join('\n'),
      );
      expect([...copies.keys()].filter((marker) => !replies.some((r) => r.marker === marker)), 'sends nobody made').toEqual([]);
      expect(duplicates, 'replies Youmi received twice').toEqual([]);
      expect(acknowledged.filter((r) => copies.get(r.marker) !== 1).map((r) => r.marker), 'acknowledged replies not delivered exactly once').toEqual([]);
      // The kills did land in the middle of the sending, not only between sends.
      expect(unacknowledged.length + settledByEcho + retriedByAgent).toBeGreaterThan(0);
      const comparison = await compareSearchIndexWithCache(cacheFile);
      expect(comparison.differences).toEqual([]);
      expect(comparison.tokens['message_unigram']!.index).toBeGreaterThan(0);
    },
    90_000,
  );
});
