// The one IPC contract of the app. Each domain keeps its methods and events in its own file;
// this file only merges them.
import type { Contract, EventNames, InputOf, MethodNames, OutputOf, PayloadOf } from './define';
import { accountEvents, accountMethods } from './accounts';
import { appEvents, appMethods } from './app';
import { crmEvents, crmMethods } from './crm';
import { dialEvents, dialMethods } from './dial';
import { healthEvents, healthMethods } from './health';
import { inboxEvents, inboxMethods } from './inbox';
import { networkEvents, networkMethods } from './network';
import { recordEvents, recordMethods } from './records';
import { replyEvents, replyMethods } from './reply';
import { reportEvents, reportMethods } from './reports';
import { searchEvents, searchMethods } from './search';
import { settingsEvents, settingsMethods } from './settings';
import { syncEvents, syncMethods } from './sync';
import { updateEvents, updateMethods } from './update';
import { desktopEvents, desktopMethods } from './desktop';
import { mediaEvents, mediaMethods } from './media';

export const contract = {
  methods: {
    ...appMethods,
    ...accountMethods,
    ...settingsMethods,
    ...inboxMethods,
    ...replyMethods,
    ...dialMethods,
    ...crmMethods,
    ...recordMethods,
    ...reportMethods,
    ...searchMethods,
    ...syncMethods,
    ...healthMethods,
    ...updateMethods,
    ...desktopMethods,
    ...networkMethods,
    ...mediaMethods,
  },
  events: {
    ...appEvents,
    ...accountEvents,
    ...settingsEvents,
    ...inboxEvents,
    ...replyEvents,
    ...dialEvents,
    ...crmEvents,
    ...recordEvents,
    ...reportEvents,
    ...searchEvents,
    ...syncEvents,
    ...healthEvents,
    ...updateEvents,
    ...desktopEvents,
    ...networkEvents,
    ...mediaEvents,
  },
} satisfies Contract;

export type AppContract = typeof contract;
export type AppMethod = MethodNames<AppContract>;
export type AppEvent = EventNames<AppContract>;
export type AppInput<M extends AppMethod> = InputOf<AppContract, M>;
export type AppOutput<M extends AppMethod> = OutputOf<AppContract, M>;
export type AppPayload<E extends AppEvent> = PayloadOf<AppContract, E>;
