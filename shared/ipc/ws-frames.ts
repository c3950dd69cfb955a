// The web host's WebSocket wire format, shared by the host and the renderer's socket transport.
import type { Result } from './define';

export interface InvokeFrame {
  t: 'invoke';
  id: number;
  method: string;
  input: unknown;
}

export type ServerFrame =
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; name: string; payload: unknown };

export const WS_PATH = '/ipc';
