// The web host's WebSocket wire format, shared by the host and the renderer's socket transport.
import type { Result } from './define';

export interface InvokeFrame {
  t: 'invoke';
  id: number;
  method: string;
  input: unknown;
}

export type ServerFrame =
  /** `id` is null when the frame it answers had no id we could read (not JSON, binary, ...). */
  | { t: 'result'; id: number | null; result: Result<unknown> }
  | { t: 'event'; name: string; payload: unknown };

export const WS_PATH = '/ipc';

/**
 * The largest text frame the host reads. A bigger one closes that socket with 1009 (the
 * renderer refuses to send one, so only a broken or hostile client gets there).
 */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
