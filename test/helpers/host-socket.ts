// The web host's own IPC socket for e2e set-up (adding accounts, waiting for sync) without going
// through the page, and a poll for conditions outside a test body (expect.poll needs one).
import type { Result } from '@shared/ipc/define';
import type { RunningHost } from './web-host-process';
import { openSocket, type TestSocket } from './ws';

export interface HostSocket {
  socket: TestSocket;
  /** Resolves with the value, or fails the set-up with the method and main's message. */
  invoke<T>(method: string, input: unknown): Promise<T>;
  close(): void;
}

export async function connectToHost(host: RunningHost): Promise<HostSocket> {
  const url = new URL(host.url);
  const token = url.hash.replace(/^#token=/, '');
  const socket = await openSocket(`ws://${url.host}/ipc?token=${encodeURIComponent(token)}`, { origin: host.origin });
  return {
    socket,
    async invoke<T>(method: string, input: unknown): Promise<T> {
      const result = (await socket.call(method, input)) as Result<T>;
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    close: () => socket.close(),
  };
}

export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
