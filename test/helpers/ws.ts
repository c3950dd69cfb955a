// A tiny socket client for tests: connect with chosen headers, call, and collect events.
import WebSocket from 'ws';
import type { Result } from '@shared/ipc/define';
import type { ServerFrame } from '@shared/ipc/ws-frames';

export interface TestSocket {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  events: { name: string; payload: unknown }[];
  frames: string[];
  sendRaw(text: string): void;
  close(): void;
}

export function openSocket(url: string, headers: Record<string, string>): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const pending = new Map<number, (r: Result<unknown>) => void>();
    const events: TestSocket['events'] = [];
    const frames: string[] = [];
    let nextId = 1;
    ws.on('message', (data) => {
      const text = data.toString();
      frames.push(text);
      const frame = JSON.parse(text) as ServerFrame;
      if (frame.t === 'result') pending.get(frame.id)?.(frame.result);
      else events.push({ name: frame.name, payload: frame.payload });
    });
    ws.once('open', () =>
      resolve({
        events,
        frames,
        call: (method, input) =>
          new Promise((done) => {
            const id = nextId++;
            pending.set(id, done);
            ws.send(JSON.stringify({ t: 'invoke', id, method, input }));
          }),
        sendRaw: (text) => ws.send(text),
        close: () => ws.close(),
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
