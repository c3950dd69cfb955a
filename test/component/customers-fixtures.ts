// Typed data for the Customers, Calls & SMS, timeline and Reports component tests, shaped like
// what main sends (the contract's outputs), with the 7moor doc's own examples where it has them.
import type { AccountSummary } from '@shared/ipc/accounts';
import type { CustomerRecord } from '@shared/ipc/crm';
import type { CallRow, SmsRow } from '@shared/ipc/records';
import type { CallDetail, CallReport, CustomerField, Message, RecordingState } from '@shared/model';
import customerTmp from '../../electron/main/vendors/moor/fixtures/doc/customerTmp.response.json';

/** crm/customerTmp's fieldMap from the doc's example, in its order, typo keys filed0 / filed1 included. */
export const TEMPLATE: CustomerField[] = Object.entries(customerTmp.data.fieldMap).map(([key, label]) => ({ key, label }));

export function moorAccount(id: string, label: string): AccountSummary {
  return { id, vendor: 'moor', label, baseUrl: 'http://127.0.0.1:1', settings: { clientId: 'c' }, hasSecret: true, status: 'connected', demo: true, createdAt: 0 };
}

export const YOUMI_ACCOUNT: AccountSummary = {
  id: 'youmi-1',
  vendor: 'youmi',
  label: '友米',
  baseUrl: 'http://127.0.0.1:2',
  settings: { apiVersion: 'v2', wechatIds: ['1'] },
  hasSecret: true,
  status: 'connected',
  demo: true,
  createdAt: 0,
};

export const ZHANG: CustomerRecord = {
  accountId: 'moor-1',
  vendorId: 'a5511d68-be6b-11e9-9bbe-a0999b1a254b',
  name: '张三',
  phone: '13877777777',
  fields: { filed1: '老客户', remark: '周五回访', job: '采购' },
  updatedAt: new Date(2026, 0, 5, 9, 30).getTime(),
  wechatIds: ['wxid_zhang3'],
};

export const LI: CustomerRecord = {
  accountId: 'moor-1',
  vendorId: 'b0000000-0000-0000-0000-000000000002',
  name: '李四',
  phone: '13900001111',
  fields: {},
  updatedAt: new Date(2026, 0, 4, 18, 0).getTime(),
};

let nextId = 1;

export function callRow(patch: Partial<CallRow> = {}): CallRow {
  const id = nextId++;
  return {
    id,
    accountId: 'moor-1',
    vendorId: `call-${id}`,
    direction: 'out',
    connected: true,
    localPhone: '13323333333',
    agentId: 'agent-1',
    agentName: '川普',
    contactPhone: '15023333333',
    contactName: '奥巴马',
    beganAt: new Date(2026, 5, 26, 11, 1, 49).getTime(),
    endedAt: new Date(2026, 5, 26, 11, 2, 50).getTime(),
    durationSec: 61,
    recordingState: 'none',
    raw: JSON.stringify({ _id: `call-${id}`, callType: 'out', localTel: '13323333333', contactTel: '15023333333' }),
    ...patch,
  };
}

export const RECORDING_STATES: RecordingState[] = ['available', 'not_found', 'copy_fail', 'multiple_call_lose', 'none'];

/** One call per recording state; the available one has the doc's OSS path with its scheme added. */
export function callsWithEveryRecordingState(): CallRow[] {
  return RECORDING_STATES.map((state, i) =>
    callRow({
      contactPhone: `1502333333${i}`,
      recordingState: state,
      ...(state === 'available'
        ? { recordingUrl: 'https://cf-workphone.oss-cn-hangzhou.aliyuncs.com/originalRecord/P00000000024/201907/20190708172233-19926022861-outCall-1562577753335.mp3' }
        : {}),
    }),
  );
}

export function smsRow(patch: Partial<SmsRow> = {}): SmsRow {
  const id = nextId++;
  return {
    id,
    accountId: 'moor-1',
    vendorId: `sms-${id}`,
    direction: 'in',
    localPhone: '13323333333',
    agentId: 'agent-1',
    agentName: '川普',
    contactPhone: '15023333333',
    contactName: '奥巴马',
    sentAt: new Date(2026, 5, 26, 11, 1, 49).getTime(),
    raw: JSON.stringify({ _id: `sms-${id}`, smsType: 'in', localTel: '13323333333', contactTel: '15023333333' }),
    ...patch,
  };
}

export function chatMessage(id: number, conversationId: number, text: string, sentAt: number): Message {
  return {
    id,
    accountId: 'youmi-1',
    conversationId,
    vendorMsgId: `m-${id}`,
    direction: 'in',
    sentAt,
    text,
    status: 'received',
    raw: '{}',
    kind: 'text',
    body: { text },
  } as Message;
}

export const REPORT: CallReport = { today: 31, late7: 142, late30: 12_345 };

/** report/callDetail's doc example (late7), with the days the doc elides filled in. */
export const DETAIL_LATE7: CallDetail = {
  in: 45,
  out: 97,
  inConnect: 26,
  outConnect: 41,
  inDuration: 550,
  outDuration: 980,
  timeframe: '2019-07-11 ~ 2019-07-17',
  days: [
    { date: '2019-07-11', in: 0, out: 0, inDuration: 0, outDuration: 0 },
    { date: '2019-07-12', in: 5, out: 10, inDuration: 60, outDuration: 90 },
    { date: '2019-07-13', in: 6, out: 11, inDuration: 70, outDuration: 100 },
    { date: '2019-07-14', in: 7, out: 12, inDuration: 80, outDuration: 110 },
    { date: '2019-07-15', in: 9, out: 18, inDuration: 100, outDuration: 120 },
    { date: '2019-07-16', in: 11, out: 22, inDuration: 120, outDuration: 131 },
    { date: '2019-07-17', in: 7, out: 24, inDuration: 120, outDuration: 429 },
  ],
};

/** "today" has no day list (the doc: list is null when timeSet is today). */
export const DETAIL_TODAY: CallDetail = { in: 3, out: 9, inConnect: 2, outConnect: 5, inDuration: 185, outDuration: 3725, timeframe: '2019-07-17', days: [] };
