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
    await expect.poll(() => socket.events.length).toBe(1);
    expect(socket.events[0]).toMatchObject({ name: 'app.onDidChangeInfo', payload: { host: 'web' } });
    socket.close();
  });

  it('ignores malformed frames and keeps serving', async () => {
    const socket = await openSocket(socketUrl, { origin });
    for (const junk of ['not json', '[]', '{"t":"invoke"}', '{"t":"invoke","id":"1","method":"app.getInfo"}', `{"t":"invoke","id":1,"method":"${'x'.repeat(500)}"}`]) {
      socket.sendRaw(junk);
    }
    expect(await socket.call('app.getInfo', {})).toMatchObject({ ok: true });
    expect(socket.frames.length).toBe(1);
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
