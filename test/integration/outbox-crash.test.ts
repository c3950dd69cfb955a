// A reply survives a crash at any moment and reaches the customer exactly once: the process is
// SIGKILLed between the outbox write and the send, and between the send and its acknowledgment,
// then restarted on the same data folder; Youmi's own record of received sends is the judge.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';

const here = dirname(fileURLToPath(import.meta.url));
const jitiCli = join(dirname(createRequire(import.meta.url).resolve('jiti/package.json')), 'lib/jiti-cli.mjs');
const child = join(here, '../helpers/outbox-crash-child.ts');
let sim: YoumiSimulator;

beforeAll(async () => {
  sim = await startYoumiSimulator();
});
afterAll(() => sim?.close());

function run(args: string[]): Promise<{ out: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [jitiCli, child, ...args], {
      env: { ...process.env, JITI_ALIAS: JSON.stringify({ '@shared': join(here, '../../shared') }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', reject);
    p.on('exit', (code, signal) => (code && code !== 0 ? reject(new Error(`child failed ${code}: ${err}`)) : resolve({ out, signal })));
  });
}

const CASES = {
  afterWrite: { what: 'between the outbox write and the send', youmiAfterKill: 0, resumed: 'status sent' },
  beforeDispatch: { what: 'after the sender took the reply, before the request went out', youmiAfterKill: 0, resumed: 'status sent' },
  // The crash after the send left an unknown outcome: never resent blindly.
  afterSend: { what: 'between the send and its acknowledgment', youmiAfterKill: 1, resumed: 'status failed' },
} as const;

describe('outbox crash safety', () => {
  for (const [index, [crashAt, expected]] of Object.entries(CASES).entries()) {
    it(`sends exactly once when killed ${expected.what}`, async () => {
      // One customer per case, so one case's reply is not in the other's history.
      const fan = sim.fans()[index]!;
      const dataDir = mkdtempSync(join(tmpdir(), `wp-outbox-${crashAt}-`));
      const base = [dataDir, sim.url, sim.token, String(fan.wechatId), fan.wxid];
      const before = sim.v2Sends().length;

      const first = await run([...base, 'send', crashAt]);
      expect(first.signal).toBe('SIGKILL');
      const id = /queued (\d+)/.exec(first.out)?.[1];
      expect(id).toBeDefined();
      expect(sim.v2Sends().length - before).toBe(expected.youmiAfterKill);

      const second = await run([...base, 'resume', id!]);
      expect(second.signal).toBeNull();
      expect(second.out).toContain(expected.resumed);
      expect(sim.v2Sends().length - before).toBe(1);
      // Youmi's history shows the reply: one message in the conversation, and it is sent.
      expect(second.out).toContain('final sent copies 1');
    });
  }
});
