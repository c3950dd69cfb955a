// Parses what a socket sends. The socket is authenticated, but a frame is still input.
import type { InvokeFrame } from '@shared/ipc/ws-frames';

export type { InvokeFrame, ServerFrame } from '@shared/ipc/ws-frames';

export function parseClientFrame(text: string): InvokeFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const frame = value as Record<string, unknown>;
  if (frame.t !== 'invoke' || typeof frame.id !== 'number' || !Number.isSafeInteger(frame.id)) return undefined;
  if (typeof frame.method !== 'string' || frame.method.length > 200) return undefined;
  return { t: 'invoke', id: frame.id, method: frame.method, input: frame.input };
}
