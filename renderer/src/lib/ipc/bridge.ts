// The bridge the renderer talks through: Electron's preload (window.workphone) or, in a browser,
// the web host's WebSocket. Both offer the same two functions; the socket adds a connection state.
import type { Bridge } from '@shared/ipc/define';
import { createSocketBridge } from './socket-bridge';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface RendererBridge extends Bridge {
  readonly kind: 'electron' | 'websocket';
  connection(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

declare global {
  interface Window {
    workphone?: Bridge;
  }
}

export function connectBridge(): RendererBridge {
  const preload = window.workphone;
  if (preload) {
    return {
      kind: 'electron',
      invoke: (m, i) => preload.invoke(m, i),
      subscribe: (e, l) => preload.subscribe(e, l),
      connection: () => 'connected',
      onConnectionChange: () => () => {},
    };
  }
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  return createSocketBridge(token ? `ws://${location.host}/ipc?token=${encodeURIComponent(token)}` : undefined);
}
