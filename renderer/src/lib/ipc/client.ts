// The typed client: method names, inputs, outputs and event payloads all come from the contract.
import type { SerializedError } from '@shared/errors';
import type { Result } from '@shared/ipc/define';
import type { AppEvent, AppInput, AppMethod, AppOutput, AppPayload } from '@shared/ipc/contract';
import type { RendererBridge } from './bridge';

/** A failed call, carrying the main process's typed error. */
export class IpcError extends Error {
  readonly code: SerializedError['code'];
  readonly messageZh: string;
  readonly details: SerializedError['details'];
  constructor(error: SerializedError) {
    super(error.message);
    this.name = 'IpcError';
    this.code = error.code;
    this.messageZh = error.messageZh;
    this.details = error.details;
  }
}

export interface Client {
  readonly bridge: RendererBridge;
  /** Resolves with the value or rejects with an IpcError. */
  invoke<M extends AppMethod>(method: M, input: AppInput<M>): Promise<AppOutput<M>>;
  /** Resolves with the Result, for callers that show errors inline. */
  call<M extends AppMethod>(method: M, input: AppInput<M>): Promise<Result<AppOutput<M>>>;
  subscribe<E extends AppEvent>(event: E, listener: (payload: AppPayload<E>) => void): () => void;
}

export function createClient(bridge: RendererBridge): Client {
  const call = async <M extends AppMethod>(method: M, input: AppInput<M>) =>
    (await bridge.invoke(method, input)) as Result<AppOutput<M>>;
  return {
    bridge,
    call,
    async invoke(method, input) {
      const result = await call(method, input);
      if (!result.ok) throw new IpcError(result.error);
      return result.value;
    },
    subscribe(event, listener) {
      return bridge.subscribe(event, (payload) => listener(payload as AppPayload<typeof event>));
    },
  };
}
