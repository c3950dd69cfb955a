// What happens when a client breaks the WebSocket protocol: a frame over the size limit, a text
// frame that is not UTF-8, a bad opcode. ws closes the socket with the right code on its own but
// without a reason, and emits 'error' — which, unhandled, would take the whole host down. Here the
// close gets a reason a developer can read, and the error is logged; other sockets go on.
import type { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '@shared/ipc/ws-frames';

export interface ProtocolProblem {
  code: string;
  closeCode: number;
  reason: string;
}

/** ws's error codes → RFC 6455 close codes and a reason (at most 123 bytes). */
export function closeFor(errorCode: string | undefined): { closeCode: number; reason: string } {
  switch (errorCode) {
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
      return { closeCode: 1009, reason: `Frame too large: the limit is ${MAX_FRAME_BYTES / (1024 * 1024)} MiB` };
    case 'WS_ERR_INVALID_UTF8':
      return { closeCode: 1007, reason: 'A text frame was not valid UTF-8' };
    default:
      return { closeCode: 1002, reason: 'WebSocket protocol error' };
  }
}

export function watchProtocolErrors(ws: WebSocket, onProblem: (problem: ProtocolProblem) => void, onSocketError: (code: string) => void = () => {}): void {
  // ws reports the problem to its receiver's listeners before it closes the socket itself: a
  // listener put first closes with our reason, and ws's own close then finds the socket closing.
  // (`_receiver` is ws's; if a later ws renames it, the socket still closes with the right code,
  // only without the reason — test/integration/web-host.test.ts would notice.)
  const receiver = (ws as unknown as { _receiver?: EventEmitter })._receiver;
  receiver?.prependListener('error', (error: NodeJS.ErrnoException) => {
    const { closeCode, reason } = closeFor(error.code);
    if (ws.readyState === ws.OPEN) ws.close(closeCode, reason);
  });
  ws.on('error', (error: NodeJS.ErrnoException) => {
    // Besides protocol errors, ws passes on the socket's own (a reset connection): those only end
    // that socket, which ws has already done.
    if (error.code?.startsWith('WS_ERR_')) onProblem({ code: error.code, ...closeFor(error.code) });
    else onSocketError(error.code ?? 'unknown');
  });
}
