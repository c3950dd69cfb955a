// The one IPC contract of the app. Each domain keeps its methods and events in its own file;
// this file only merges them.
import type { Contract, EventNames, InputOf, MethodNames, OutputOf, PayloadOf } from './define';
import { appEvents, appMethods } from './app';

export const contract = {
  methods: {
    ...appMethods,
  },
  events: {
    ...appEvents,
  },
} satisfies Contract;

export type AppContract = typeof contract;
export type AppMethod = MethodNames<AppContract>;
export type AppEvent = EventNames<AppContract>;
export type AppInput<M extends AppMethod> = InputOf<AppContract, M>;
export type AppOutput<M extends AppMethod> = OutputOf<AppContract, M>;
export type AppPayload<E extends AppEvent> = PayloadOf<AppContract, E>;
