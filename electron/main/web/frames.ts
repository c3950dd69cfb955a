// Parses what a socket sends. The socket is authenticated, but a frame is still input: anything
// that is not an invoke frame with a usable id still gets an answer, so no caller waits forever.
import type { SerializedError } from '@shared/errors';
import type { InvokeFrame } from '@shared/ipc/ws-frames';

export type { InvokeFrame, ServerFrame } from '@shared/ipc/ws-frames';

/** What was wrong with a frame; `details.frame` of the error says which. */
export type FrameProblem = 'binary' | 'not-json' | 'not-object' | 'type' | 'id';

export type ParsedFrame =
  | { ok: true; frame: Omit<InvokeFrame, 'method'> & { method: unknown } }
  | { ok: false; id: number | null; error: SerializedError };

export function frameError(problem: FrameProblem): SerializedError {
  return {
    code: 'VALIDATION',
    message: 'The app host could not read this message (it must be a JSON invoke frame with a numeric id)',
    messageZh: '应用主机无法读取这条消息（需要带数字 id 的 JSON 调用帧）',
    details: { frame: problem },
  };
}

/** Ids are the caller's counter: a non-negative safe integer, or we cannot address the answer. */
function readId(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

export function parseClientFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, error: frameError('not-json') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, error: frameError('not-object') };
  }
  const frame = value as Record<string, unknown>;
  const id = readId(Object.hasOwn(frame, 'id') ? frame.id : undefined);
  if (frame.t !== 'invoke') return { ok: false, id, error: frameError('type') };
  if (id === null) return { ok: false, id: null, error: frameError('id') };
  // The method name goes to the router as it came: the router answers an unknown or missing one
  // with NOT_FOUND, without repeating it.
  return {
    ok: true,
    frame: { t: 'invoke', id, method: Object.hasOwn(frame, 'method') ? frame.method : undefined, input: Object.hasOwn(frame, 'input') ? frame.input : undefined },
  };
}
