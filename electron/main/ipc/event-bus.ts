// Events from the main process to every window, typed by the contract. Payloads are parsed
// on emit, so a bug surfaces here rather than as a confusing renderer state.
import type { Contract, EventNames, PayloadOf } from '@shared/ipc/define';
import { silentLogger, type Logger } from '../log/logger';

export type AnyEventListener = (name: string, payload: unknown) => void;

export interface EventBus<C extends Contract> {
  emit<E extends EventNames<C>>(name: E, payload: PayloadOf<C, E>): void;
  on<E extends EventNames<C>>(name: E, listener: (payload: PayloadOf<C, E>) => void): () => void;
  /** For transports: every event, already validated. */
  onAny(listener: AnyEventListener): () => void;
}

export function createEventBus<C extends Contract>(contract: C, logger: Logger = silentLogger): EventBus<C> {
  const log = logger.child('events');
  const named = new Map<string, Set<(payload: unknown) => void>>();
  const any = new Set<AnyEventListener>();

  const deliver = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      // One broken listener must not stop the others from hearing about a new message.
      log.error('event listener threw', { error: error instanceof Error ? error.message : String(error) });
    }
  };

  return {
    emit(name, payload) {
      const schema = contract.events[name];
      if (!schema) throw new Error(`unknown event ${name}`);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        log.error('event payload outside the contract', { name });
        return;
      }
      for (const listener of named.get(name) ?? []) deliver(() => listener(parsed.data));
      for (const listener of any) deliver(() => listener(name, parsed.data));
    },
    on(name, listener) {
      const set = named.get(name) ?? new Set();
      named.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onAny(listener) {
      any.add(listener);
      return () => any.delete(listener);
    },
  };
}
