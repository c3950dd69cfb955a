import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../electron/main/app/core';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { startWebHost, type WebHost } from '../../electron/main/web/host';
import { openSocket } from '../helpers/ws';

let core: AppCore;
let host: WebHost;
let origin: string;
let socketUrl: string;

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'wp-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(tmpdir(), 'wp-outside.txt'), 'outside the root');
  core = await createAppCore({ host: 'web', dataDir: mkdtempSync(join(tmpdir(), 'wp-data-')), secrets: new MemorySecretStore() });
  host = await startWebHost({ router: core.router, bus: core.bus, staticDir });
  origin = `http://127.0.0.1:${host.port}`;
  socketUrl = `ws://127.0.0.1:${host.port}/ipc?token=${host.token}`;
});

afterAll(async () => {
  await host.close();
  await core.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host', () => {
  it('prints a loopback URL whose fragment carries the launch token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('round-trips a call over the socket through the real router', async () => {
    const socket = await openSocket(socketUrl, { origin });
    const result = await socket.call('app.getInfo', {});
    expect(result).toMatchObject({ ok: true, value: { host: 'web', name: 'WorkPhone Desk', secretStorage: 'memory' } });
    const bad = await socket.call('app.getInfo', { unexpected: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await socket.call('no.such', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    socket.close();
  });

  it('pushes bus events to connected sockets', async () => {
    const socket = await openSocket(socketUrl, { origin });
    core.bus.emit('app.onDidChangeInfo', core.info());
    // Other events may arrive too (the start-up re-decode reports when it is done): look for ours.
    await expect.poll(() => socket.events.find((e) => e.name === 'app.onDidChangeInfo')).toMatchObject({ name: 'app.onDidChangeInfo', payload: { host: 'web' } });
    socket.close();
  });

  it('answers every malformed frame with a typed error, addressed when its id can be read', async () => {
    const socket = await openSocket(socketUrl, { origin });
    const unaddressable = ['not json', '[]', '42', 'null', '"text"', '{"t":"invoke"}', '{"t":"invoke","id":"1","method":"app.getInfo"}', '{"t":"invoke","id":1.5,"method":"app.getInfo"}', '{"t":"invoke","id":-1,"method":"app.getInfo"}', '{"t":"invoke","id":1e400,"method":"app.getInfo"}', '{"t":"invoke","id":9007199254740993,"method":"app.getInfo"}', '{"t":"hello"}', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`];
    for (const junk of unaddressable) socket.sendRaw(junk);
    socket.sendRaw(Buffer.from('{"t":"invoke","id":77,"method":"app.getInfo","input":{}}'), { binary: true });
    await expect.poll(() => socket.unaddressed.length).toBe(unaddressable.length + 1);
    for (const result of socket.unaddressed) expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.any(String), messageZh: expect.any(String) } });
    expect(socket.unaddressed.at(-1)).toMatchObject({ ok: false, error: { details: { frame: 'binary' } } });

    // With an id we can read, the caller gets its answer under that id.
    const addressed: [string, string][] = [
      ['{"t":"nope","id":501}', 'VALIDATION'],
      ['{"id":502}', 'VALIDATION'],
      ['{"t":"invoke","id":503}', 'NOT_FOUND'],
      ['{"t":"invoke","id":504,"method":42}', 'NOT_FOUND'],
      [`{"t":"invoke","id":505,"method":"${'x'.repeat(500)}"}`, 'NOT_FOUND'],
      ['{"t":"invoke","id":506,"method":"app.getInfo","input":{"x":1}}', 'VALIDATION'],
      [`{"t":"invoke","id":507,"method":"app.getInfo","input":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'VALIDATION'],
      [`{"t":"invoke","id":508,"method":"accounts.add","input":{"vendor":"moor","label":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`, 'VALIDATION'],
    ];
    for (const [frame] of addressed) socket.sendRaw(frame);
    await expect.poll(() => socket.frames.length).toBe(unaddressable.length + 1 + addressed.length);
    const answers = new Map(socket.frames.map((f) => JSON.parse(f) as { id: number | null; result: { ok: boolean; error?: { code: string } } }).map((f) => [f.id, f.result]));
    for (const [index, [, code]] of addressed.entries()) expect(answers.get(501 + index)).toMatchObject({ ok: false, error: { code } });
    expect(await socket.call('app.getInfo', {})).toMatchObject({ ok: true });
    socket.close();
  });

  it('closes a socket that sends a frame over 8 MiB with 1009 and a reason, and goes on serving the others', async () => {
    const bystander = await openSocket(socketUrl, { origin });
    const offender = await openSocket(socketUrl, { origin });
    offender.sendRaw(JSON.stringify({ t: 'invoke', id: 1, method: 'reply.saveDraft', input: { conversationId: 1, text: 'x'.repeat(9 * 1024 * 1024) } }));
    expect(await offender.closed).toEqual({ code: 1009, reason: 'Frame too large: the limit is 8 MiB' });
    expect(await bystander.call('app.getInfo', {})).toMatchObject({ ok: true });
    // A frame just under the limit is read and refused by the contract, not by the socket.
    const next = await openSocket(socketUrl, { origin });
    expect(await next.call('reply.saveDraft', { conversationId: 1, text: 'x'.repeat(7 * 1024 * 1024) })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    bystander.close();
    next.close();
  });

  it('closes a socket that sends invalid UTF-8 (1007) or breaks the framing (1002), and goes on serving', async () => {
    const bystander = await openSocket(socketUrl, { origin });
    const utf8 = await openSocket(socketUrl, { origin });
    utf8.sendRaw(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(await utf8.closed).toEqual({ code: 1007, reason: 'A text frame was not valid UTF-8' });

    // An unmasked client frame is a protocol error (RFC 6455 5.1), written straight to the TCP socket.
    const raw = connect({ host: '127.0.0.1', port: host.port });
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    raw.write(
      `GET /ipc?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const received: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => received.push(chunk));
    await expect.poll(() => Buffer.concat(received).toString('latin1')).toContain('101 Switching Protocols');
    raw.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
    await new Promise<void>((resolve) => raw.once('close', () => resolve()));
    const reply = Buffer.concat(received);
    const closeFrame = reply.subarray(reply.indexOf('\r\n\r\n') + 4);
    expect(closeFrame[0]).toBe(0x88);
    expect(closeFrame.readUInt16BE(2)).toBe(1002);
    expect(closeFrame.subarray(4).toString()).toBe('WebSocket protocol error');

    expect(await bystander.call('app.getInfo', {})).toMatchObject({ ok: true });
    bystander.close();
  });

  it('refuses unknown keys without naming them, and names record keys as *', async () => {
    const socket = await openSocket(socketUrl, { origin });
    const result = await socket.call('app.getInfo', { hunter2_secret: 'sk-live-123456' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: '(root)', code: 'unrecognized_keys' }] } } });
    expect(JSON.stringify(result)).not.toMatch(/hunter2|sk-live/);
    const crm = await socket.call('crm.createCustomer', { accountId: 'a', name: 'n', phone: '13800000000', fields: { 'my-secret-key': 'y'.repeat(3000) } });
    expect(crm).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'fields.*', code: 'too_big' }] } } });
    expect(JSON.stringify(crm)).not.toContain('my-secret-key');
    const unknown = await socket.call('hunter2.method', {});
    expect(JSON.stringify(unknown)).not.toContain('hunter2');
    socket.close();
  });

  it('refuses a socket without the token, or with a wrong one', async () => {
    await expect(openSocket(`ws://127.0.0.1:${host.port}/ipc`, { origin })).rejects.toThrow('403');
    await expect(openSocket(`ws://127.0.0.1:${host.port}/ipc?token=${'x'.repeat(host.token.length)}`, { origin })).rejects.toThrow('403');
  });

  it('refuses a socket from another Origin, or with no Origin', async () => {
    await expect(openSocket(socketUrl, { origin: 'http://evil.example' })).rejects.toThrow('403');
    await expect(openSocket(socketUrl, { origin: `http://localhost:${host.port}` })).rejects.toThrow('403');
    await expect(openSocket(socketUrl, {})).rejects.toThrow('403');
  });

  it('refuses requests that name another Host (DNS rebinding)', async () => {
    await expect(openSocket(socketUrl, { origin, host: `evil.example:${host.port}` })).rejects.toThrow();
    const page = await get('/', { host: `evil.example:${host.port}` });
    expect(page.status).toBe(421);
  });

  it('serves the page with a strict CSP and never outside its folder', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
    for (const path of ['/../wp-outside.txt', '/..%2fwp-outside.txt', '/%2e%2e/wp-outside.txt']) {
      const res = await get(path);
      expect([403, 404]).toContain(res.status);
      expect(res.body).not.toContain('outside the root');
    }
  });

  it('listens on loopback only', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    for (const address of others) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect({ host: address, port: host.port });
        s.once('connect', () => {
          s.destroy();
          resolve(false);
        });
        s.once('error', () => resolve(true));
      });
      expect(refused, `reachable on ${address}`).toBe(true);
    }
    const refusedV6 = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '::1', port: host.port });
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    expect(refusedV6).toBe(true);
  });
});
