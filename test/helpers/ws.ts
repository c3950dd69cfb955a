// A tiny socket client for tests: connect with chosen headers, call, and collect events.
import WebSocket from 'ws';
import type { Result } from '@shared/ipc/define';
import type { ServerFrame } from '@shared/ipc/ws-frames';

export interface TestSocket {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /** A call whose input is JSON text as it is (undefined: a frame without an input). */
  callRaw(method: string, inputText: string | undefined): Promise<Result<unknown>>;
  events: { name: string; payload: unknown }[];
  frames: string[];
  /** Answers to frames the host could not read an id from (`id: null`). */
  unaddressed: Result<unknown>[];
  /** Close code and reason once the host closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** Sends as it is: a string or bytes, as a text frame unless `binary`. */
  sendRaw(data: string | Buffer, options?: { binary?: boolean }): void;
  close(): void;
}

export function openSocket(url: string, headers: Record<string, string>): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const pending = new Map<number, (r: Result<unknown>) => void>();
    const events: TestSocket['events'] = [];
    const frames: string[] = [];
    const unaddressed: Result<unknown>[] = [];
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.once('close', (code, reason) => done({ code, reason: reason.toString() })));
    let nextId = 1;
    ws.on('message', (data) => {
      const text = data.toString();
      frames.push(text);
      const frame = JSON.parse(text) as ServerFrame;
      if (frame.t === 'result') {
        if (frame.id === null) unaddressed.push(frame.result);
        else pending.get(frame.id)?.(frame.result);
      } else events.push({ name: frame.name, payload: frame.payload });
    });
    ws.once('open', () =>
      resolve({
        events,
        frames,
        unaddressed,
        closed,
        call: (method, input) =>
          new Promise((done) => {
            const id = nextId++;
            pending.set(id, done);
            ws.send(JSON.stringify({ t: 'invoke', id, method, input }));
          }),
        callRaw: (method, inputText) =>
          new Promise((done) => {
            const id = nextId++;
            pending.set(id, (result) => {
              pending.delete(id);
              done(result);
            });
            const input = inputText === undefined ? '' : `,"input":${inputText}`;
            ws.send(`{"t":"invoke","id":${id},"method":${JSON.stringify(method)}${input}}`);
          }),
        sendRaw: (data, options) => ws.send(data, { binary: options?.binary ?? false }),
        close: () => ws.close(),
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
