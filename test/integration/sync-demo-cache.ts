// Compares a demo data folder's cache with the demo tenants rebuilt from their anchor: per
// account and table, what is missing, what should not be there, and what is there twice.
import Database from 'better-sqlite3';
import type { Vendor } from '@shared/model';
import { expectedDemoCache } from '../../electron/main/demo/expected';

export interface DemoCacheComparison {
  /** Rows per vendor and table, as found. */
  counts: Record<Vendor, Record<string, number>>;
  /** Human-readable differences; empty when the cache equals the tenants. */
  differences: string[];
}

function diff(label: string, expected: string[], actual: string[], out: string[]): void {
  const want = new Set(expected);
  const have = new Set(actual);
  const missing = [...want].filter((id) => !have.has(id));
  const extra = [...have].filter((id) => !want.has(id));
  if (missing.length) out.push(`${label}: ${missing.length} missing (e.g. ${missing.slice(0, 3).join(', ')})`);
  if (extra.length) out.push(`${label}: ${extra.length} not in the tenant (e.g. ${extra.slice(0, 3).join(', ')})`);
  if (actual.length !== have.size) out.push(`${label}: ${actual.length - have.size} duplicates`);
}

export function compareDemoCache(file: string, anchorMs: number): DemoCacheComparison {
  const expected = expectedDemoCache(anchorMs);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const accountOf = (vendor: Vendor) =>
      db.prepare("SELECT id FROM accounts WHERE vendor = ? AND json_extract(settings, '$.demo') = 1").pluck().all(vendor) as string[];
    const column = (sql: string, account: string) => db.prepare(sql).pluck().all(account) as string[];
    const differences: string[] = [];
    const counts = { moor: {}, youmi: {}, zhuge: {} } as Record<Vendor, Record<string, number>>;
    for (const vendor of ['moor', 'youmi', 'zhuge'] as const) {
      const ids = accountOf(vendor);
      if (ids.length !== 1) differences.push(`${vendor}: ${ids.length} demo accounts`);
    }
    const [moor] = accountOf('moor');
    const [youmi] = accountOf('youmi');
    const [zhuge] = accountOf('zhuge');
    if (moor) {
      const tables = {
        messages: ['SELECT vendor_msg_id FROM messages WHERE account_id = ?', expected.moor.messageIds],
        calls: ['SELECT vendor_id FROM calls WHERE account_id = ?', expected.moor.callIds],
        sms: ['SELECT vendor_id FROM sms WHERE account_id = ?', expected.moor.smsIds],
        contacts: ['SELECT vendor_contact_id FROM contacts WHERE account_id = ?', expected.moor.contactIds],
        conversations: ['SELECT vendor_key FROM conversations WHERE account_id = ?', expected.moor.conversationKeys],
      } as const;
      for (const [table, [sql, want]] of Object.entries(tables)) {
        const have = column(sql, moor);
        counts.moor[table] = have.length;
        diff(`7moor ${table}`, [...want], have, differences);
      }
    }
    if (youmi) {
      const messages = column('SELECT vendor_msg_id FROM messages WHERE account_id = ?', youmi);
      const conversations = column('SELECT vendor_key FROM conversations WHERE account_id = ?', youmi);
      counts.youmi = { messages: messages.length, conversations: conversations.length };
      diff('Youmi messages', expected.youmi.messageIds, messages, differences);
      diff('Youmi conversations', expected.youmi.conversationKeys, conversations, differences);
    }
    if (zhuge) {
      const messages = column('SELECT vendor_msg_id FROM messages WHERE account_id = ?', zhuge);
      const conversations = column('SELECT vendor_key FROM conversations WHERE account_id = ?', zhuge);
      counts.zhuge = { messages: messages.length, conversations: conversations.length };
      if (messages.length !== expected.zhuge.messages) differences.push(`Zhuge messages: ${messages.length}, the tenant has ${expected.zhuge.messages}`);
      if (new Set(messages).size !== messages.length) differences.push('Zhuge messages: duplicates');
      if (conversations.length !== expected.zhuge.conversations) differences.push(`Zhuge conversations: ${conversations.length}`);
    }
    return { counts, differences };
  } finally {
    db.close();
  }
}
