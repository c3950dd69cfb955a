// The agent's work phone on a real store: normalised, tied to a 7moor account, forgotten with it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';
import { storedSettings } from './accounts-record';
import { forgetWorkPhoneOf, getMyWorkPhone, normalizeWorkPhone, requireMyWorkPhone, setMyWorkPhone } from './identity';

let store: Store | undefined;
afterEach(() => store?.close());

function openWithAccounts(): { store: Store } {
  store = openStore({ file: join(mkdtempSync(join(tmpdir(), 'wp-identity-')), 'cache.sqlite') });
  store.accounts.upsert({ id: 'moor-1', vendor: 'moor', label: '七陌', baseUrl: 'https://wpapi.7moor.com', settings: storedSettings({ clientId: 'c' }, { createdAt: 1 }) });
  store.accounts.upsert({ id: 'zhuge-1', vendor: 'zhuge', label: '诸葛', baseUrl: 'https://z.example.com', settings: storedSettings({ userId: '1', uId: '2' }, { createdAt: 2 }) });
  return { store };
}

describe('normalizeWorkPhone', () => {
  it.each([
    ['138 0013 8000', '13800138000'],
    ['+86-138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['(010) 8888-8888', '01088888888'],
    ['１３８００１３８０００', '13800138000'],
  ])('%s → %s', (typed, digits) => {
    expect(normalizeWorkPhone(typed)).toBe(digits);
  });

  it.each(['8888888', '400-800-1234', '+1 415 555 0100', '138001380001234567'])('refuses %s', (typed) => {
    expect(() => normalizeWorkPhone(typed)).toThrow(expect.objectContaining({ code: 'VALIDATION', details: expect.objectContaining({ field: 'phone' }) }));
  });
});

describe('my work phone', () => {
  it('is stored for a 7moor account, with the agent picked from the list', () => {
    const context = openWithAccounts();
    expect(getMyWorkPhone(context)).toBeNull();
    expect(() => requireMyWorkPhone(context)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', messageZh: expect.stringContaining('设置 → 我的工作手机'), details: { reason: 'noWorkPhone', field: 'workPhone' } }),
    );
    const saved = setMyWorkPhone(context, { accountId: 'moor-1', agentId: 'a1', phone: '138 0013 8000' }, [{ vendorId: 'a1', name: '王小明', phone: '13800138000' }]);
    expect(saved).toEqual({ accountId: 'moor-1', agentId: 'a1', agentName: '王小明', phone: '13800138000' });
    expect(requireMyWorkPhone(context)).toEqual(saved);
  });

  it('refuses an account of another vendor and an unknown account', () => {
    const context = openWithAccounts();
    expect(() => setMyWorkPhone(context, { accountId: 'zhuge-1', phone: '13800138000' })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => setMyWorkPhone(context, { accountId: 'nope', phone: '13800138000' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(getMyWorkPhone(context)).toBeNull();
  });

  it('is forgotten with its account, and ignored once that account is retired', () => {
    const context = openWithAccounts();
    setMyWorkPhone(context, { accountId: 'moor-1', phone: '010-88888888' });
    expect(forgetWorkPhoneOf(context, 'zhuge-1')).toBe(false);
    expect(getMyWorkPhone(context)?.phone).toBe('01088888888');
    const account = context.store.accounts.get('moor-1')!;
    context.store.accounts.upsert({ ...account, settings: { ...account.settings, retiredAt: 5 } });
    expect(getMyWorkPhone(context)).toBeNull();
    expect(forgetWorkPhoneOf(context, 'moor-1')).toBe(true);
  });
});
