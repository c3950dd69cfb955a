// An AppState over an in-memory bridge for component tests: each method answers from a handler
// the test gives (typed by the contract), every call is recorded, and events can be pushed in.
// A handler that throws a SerializedError-shaped object answers { ok: false, error }.
import type { SerializedError } from '@shared/errors';
import type { AppEvent, AppInput, AppMethod, AppOutput, AppPayload } from '@shared/ipc/contract';
import type { Result } from '@shared/ipc/define';
import type { RendererBridge } from '../../renderer/src/lib/ipc/bridge';
import { createClient } from '../../renderer/src/lib/ipc/client';
import { AppState } from '../../renderer/src/lib/state/app.svelte';

export type Handlers = { [M in AppMethod]?: (input: AppInput<M>) => AppOutput<M> | Promise<AppOutput<M>> };

export interface FakeApp {
  app: AppState;
  calls: Array<{ method: string; input: unknown }>;
  callsOf<M extends AppMethod>(method: M): Array<AppInput<M>>;
  emit<E extends AppEvent>(event: E, payload: AppPayload<E>): void;
  handlers: Handlers;
}

export function vendorError(message: string, messageZh: string, details?: Record<string, unknown>, code: SerializedError['code'] = 'VENDOR'): SerializedError {
  return { code, message, messageZh, ...(details ? { details } : {}) };
}

function isSerializedError(value: unknown): value is SerializedError {
  return typeof value === 'object' && value !== null && 'code' in value && 'messageZh' in value;
}

export function fakeApp(handlers: Handlers = {}): FakeApp {
  const calls: FakeApp['calls'] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const answer = async (method: string, input: unknown): Promise<Result<unknown>> => {
    calls.push({ method, input });
    if (method === 'app.getInfo') {
      return { ok: true, value: { name: 'WorkPhone Desk', version: '0.0.0', host: 'web', platform: 'linux', secretStorage: 'memory', dataDir: '/tmp', demo: true } };
    }
    const handler = (handlers as Record<string, ((input: unknown) => unknown) | undefined>)[method];
    if (!handler) return { ok: false, error: { code: 'UNSUPPORTED', message: `${method} is not in this test`, messageZh: '测试未提供' } };
    try {
      return { ok: true, value: await handler(input) };
    } catch (error) {
      if (isSerializedError(error)) return { ok: false, error };
      throw error;
    }
  };
  const bridge: RendererBridge = {
    kind: 'websocket',
    invoke: answer,
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    connection: () => 'connected',
    onConnectionChange: () => () => {},
  };
  const app = new AppState(createClient(bridge));
  return {
    app,
    calls,
    handlers,
    callsOf: <M extends AppMethod>(method: M) => calls.filter((c) => c.method === method).map((c) => c.input as AppInput<M>),
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

/** Lets pending promises and their Svelte updates settle. */
export async function settle(rounds = 5): Promise<void> {
  const { flushSync } = await import('svelte');
  for (let i = 0; i < rounds; i++) {
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    flushSync();
  }
}

/**
 * jsdom has no layout engine, so no ResizeObserver: an observer that never reports stands in
 * (heights stay at the components' estimates, which is what the list tests reason about).
 */
export function installResizeObserverStub(): void {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
