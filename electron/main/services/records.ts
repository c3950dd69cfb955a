// Calls and SMS from the cache, the customer timeline, and the CSV export of calls.
import { z } from 'zod';
import type { AppContract } from '@shared/ipc/contract';
import { capRawPayload } from '@shared/raw-payload';
import type { CallRow, RecordFilters, recordMethods, SmsRow, TimelineItem } from '@shared/ipc/records';
import type { Handlers } from '../ipc/router';
import type { AppContext } from '../app/context';
import type { RecordFilter, StoredCall, StoredSms } from '../store';
import { decodeCursor, encodeCursor } from './cursor';
import { messageForIpc } from './message-budget';

const IdCursor = z.number().int();
const EXPORT_LIMIT = 100_000;

const toFilter = (f: RecordFilters): RecordFilter => ({
  ...(f.accountId ? { accountId: f.accountId } : {}),
  ...(f.direction ? { direction: f.direction } : {}),
  ...(f.connected !== undefined ? { connected: f.connected } : {}),
  ...(f.number ? { number: f.number } : {}),
  ...(f.agentId ? { agentId: f.agentId } : {}),
  ...(f.from !== undefined ? { from: f.from } : {}),
  ...(f.to !== undefined ? { to: f.to } : {}),
});

const callRow = ({ raw, ...call }: StoredCall): CallRow => ({ ...call, ...capRawPayload(raw) });
const smsRow = ({ raw, ...sms }: StoredSms): SmsRow => ({ ...sms, ...capRawPayload(raw) });

/** A cell safe for Excel: quoted, and a leading = + - @ cannot start a formula (CSV injection). */
export function csvCell(value: string | number | boolean | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

function chinaTime(ms: number | undefined): string {
  if (ms === undefined) return '';
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

export function callsCsv(calls: Iterable<StoredCall>): string {
  const header = ['开始时间(北京时间) Began', '方向 Direction', '接通 Connected', '客户号码 Customer number', '客户名称 Customer name', '时长(秒) Duration (s)', '工作手机 Work phone', '座席 Agent', '录音 Recording'];
  const lines = [header.map(csvCell).join(',')];
  for (const c of calls) {
    lines.push(
      [
        chinaTime(c.beganAt ?? c.endedAt),
        c.direction === 'in' ? '呼入 in' : '呼出 out',
        c.connected ? '是 yes' : '否 no',
        c.contactPhone,
        c.contactName,
        c.durationSec,
        c.localPhone,
        c.agentName,
        c.recordingState === 'available' ? (c.recordingUrl ?? '') : c.recordingState,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  // The BOM makes Excel read the file as UTF-8, so Chinese names survive a double-click.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function createRecordHandlers(context: AppContext): Pick<Handlers<AppContract>, keyof typeof recordMethods> {
  const { store, clock } = context;
  return {
    'records.listCalls': ({ filters, cursor, limit }) => {
      const after = decodeCursor(cursor, IdCursor);
      const page = store.calls.page(toFilter(filters), { limit, ...(after !== undefined ? { after } : {}) });
      return { items: page.items.map(callRow), ...(page.next !== undefined ? { nextCursor: encodeCursor(page.next) } : {}) };
    },
    'records.listSms': ({ filters, cursor, limit }) => {
      const after = decodeCursor(cursor, IdCursor);
      const page = store.sms.page(toFilter(filters), { limit, ...(after !== undefined ? { after } : {}) });
      return { items: page.items.map(smsRow), ...(page.next !== undefined ? { nextCursor: encodeCursor(page.next) } : {}) };
    },
    'records.exportCallsCsv': async ({ filters }) => {
      const rows: StoredCall[] = [];
      let after: number | undefined;
      do {
        const page = store.calls.page(toFilter(filters), { limit: 500, ...(after !== undefined ? { after } : {}) });
        rows.push(...page.items);
        after = page.next;
        // Let the event loop breathe between pages of a large export.
        await new Promise((r) => setImmediate(r));
      } while (after !== undefined && rows.length < EXPORT_LIMIT);
      const stamp = chinaTime(clock.now()).replace(/[-: ]/g, '').slice(0, 12);
      return { filename: `通话记录-calls-${stamp}.csv`, csv: callsCsv(rows) };
    },
    'records.timeline': ({ phone, limit }) => {
      const page = store.timeline(phone, { limit });
      return page.items.map((item): TimelineItem => {
        if (item.type === 'call') return { type: 'call', at: item.at, call: callRow(item.call) };
        if (item.type === 'sms') return { type: 'sms', at: item.at, sms: smsRow(item.sms) };
        const conversation = store.conversations.get(item.message.conversationId);
        return { type: 'message', at: item.at, message: messageForIpc(item.message), conversationTitle: conversation?.title ?? '' };
      });
    },
  };
}
