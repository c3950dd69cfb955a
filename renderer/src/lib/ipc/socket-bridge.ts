// The web host's transport: calls and events over one WebSocket, reconnecting with backoff.
// Calls made while the socket is down wait for it; a call in flight when it drops fails with
// NETWORK rather than hanging.
import type { Result } from '@shared/ipc/define';
import { MAX_FRAME_BYTES, type InvokeFrame, type ServerFrame } from '@shared/ipc/ws-frames';
import type { ConnectionState, RendererBridge } from './bridge';


/** Failed connects in a row, never having connected, after which we stop: the token is wrong. */
const GIVE_UP_AFTER = 5;

/** `url` undefined: the page was opened without the launch token, so there is nothing to try. */
export function createSocketBridge(url: string | undefined, WebSocketImpl: typeof WebSocket = WebSocket): RendererBridge {
  let socket: WebSocket | undefined;
  let state: ConnectionState = url ? 'connecting' : 'disconnected';
  let nextId = 1;
  let attempt = 0;
  let everConnected = false;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const queued: InvokeFrame[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const l of stateListeners) l(state);
  };

  const networkFailure = (): Result<unknown> => ({
    ok: false,
    error: { code: 'NETWORK', message: 'Lost the connection to the app host', messageZh: '与应用主机的连接已断开' },
  });

  const tooLarge = (): Result<unknown> => ({
    ok: false,
    error: {
      code: 'VALIDATION',
      message: `This is too large to send to the app host (the limit is ${MAX_FRAME_BYTES / (1024 * 1024)} MB)`,
      messageZh: `内容过大，无法发送给应用主机（上限 ${MAX_FRAME_BYTES / (1024 * 1024)} MB）`,
    },
  });

  const open = (target: string) => {
    const ws = new WebSocketImpl(target);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      everConnected = true;
      setState('connected');
      for (const frame of queued.splice(0)) ws.send(JSON.stringify(frame));
    };
    ws.onmessage = (event) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.t === 'result') {
        // id null answers a frame the host could not read; every frame we send has an id.
        if (frame.id === null) return;
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
      } else if (frame.t === 'event') {
        for (const l of listeners.get(frame.name) ?? []) l(frame.payload);
      }
    };
    ws.onclose = (event) => {
      for (const [id, p] of pending) {
        if (!queued.some((f) => f.id === id)) {
          p(networkFailure());
          pending.delete(id);
        }
      }
      // The host refuses a wrong token at the handshake, which a browser cannot tell from a
      // host that is down; a page that never got in after a few tries stops trying.
      if (event.code === 1008 || (!everConnected && attempt >= GIVE_UP_AFTER)) {
        setState('disconnected');
        for (const frame of queued.splice(0)) pending.get(frame.id)?.(networkFailure());
        return;
      }
      setState(everConnected ? 'reconnecting' : 'connecting');
      const delay = Math.min(10_000, 250 * 2 ** attempt++) * (0.5 + Math.random() / 2);
      setTimeout(() => open(target), delay);
    };
  };
  if (url) open(url);

  return {
    kind: 'websocket',
    invoke(method, input) {
      const frame: InvokeFrame = { t: 'invoke', id: nextId++, method, input };
      const text = JSON.stringify(frame);
      // The host closes a socket that sends more than it reads, failing every call in flight; a
      // call that big fails here alone. (UTF-8 takes at most 3 bytes per UTF-16 unit.)
      if (text.length * 3 > MAX_FRAME_BYTES && new TextEncoder().encode(text).length > MAX_FRAME_BYTES) {
        return Promise.resolve(tooLarge());
      }
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(frame.id, resolve);
        if (state === 'disconnected') {
          pending.delete(frame.id);
          resolve(networkFailure());
        } else if (socket && socket.readyState === WebSocketImpl.OPEN) socket.send(text);
        else queued.push(frame);
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    connection: () => state,
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}
