// Where a vendor may be reached and which settings fit which vendor.
import { describe, expect, it } from 'vitest';
import { isAppError } from '@shared/errors';
import { checkBaseUrl, checkSettings, tidySettings } from './accounts-validation';

function reasonOf(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return isAppError(error) && error.code === 'VALIDATION' ? error.details?.reason ?? error.details?.field : error;
  }
  return 'accepted';
}

describe('checkBaseUrl', () => {
  it.each([
    ['https://wpapi.7moor.com', 'https://wpapi.7moor.com'],
    ['  https://wpapi.7moor.com/  ', 'https://wpapi.7moor.com'],
    ['https://scrm.example.cn/openapi//', 'https://scrm.example.cn/openapi'],
    ['HTTPS://WPAPI.7MOOR.COM:8443/', 'https://wpapi.7moor.com:8443'],
    ['http://127.0.0.1:39001', 'http://127.0.0.1:39001'],
    ['http://localhost:8080/youmi/', 'http://localhost:8080/youmi'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
  ])('accepts %s as %s', (input, stored) => {
    expect(checkBaseUrl(input)).toBe(stored);
  });

  it.each([
    ['http://wpapi.7moor.com', 'url.https'],
    ['http://127.0.0.2:80', 'url.https'],
    ['http://192.168.1.10', 'url.https'],
    ['http://localhost.evil.com', 'url.https'],
    ['ws://127.0.0.1:80', 'url.http'],
    ['file:///etc/passwd', 'url.http'],
    ['javascript:alert(1)', 'url.http'],
    ['wpapi.7moor.com', 'url.http'],
    ['https://user:secret@wpapi.7moor.com', 'url.credentials'],
    ['https://token@wpapi.7moor.com', 'url.credentials'],
    ['https://wpapi.7moor.com/?token=x', 'url.query'],
    ['https://wpapi.7moor.com/?', 'url.query'],
    ['https://wpapi.7moor.com/#x', 'url.query'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(reasonOf(() => checkBaseUrl(input))).toBe(reason);
  });
});

describe('checkSettings', () => {
  it('reads settings with the schema of the account’s own vendor', () => {
    expect(checkSettings('zhuge', { userId: '12', uId: '7' })).toEqual({ userId: '12', uId: '7' });
    expect(reasonOf(() => checkSettings('zhuge', { clientId: 'abc' }))).toBe('userId');
    expect(reasonOf(() => checkSettings('moor', { apiVersion: 'v2', wechatIds: ['1'] }))).toBe('clientId');
  });

  it('takes Youmi WeChat ids as text or as integers (Youmi types them as integers) and keeps them as the rows key them', () => {
    expect(checkSettings('youmi', { apiVersion: 'v2', wechatIds: [1906, ' 2107 ', '02308'] })).toEqual({ apiVersion: 'v2', wechatIds: ['1906', '2107', '2308'] });
    expect(checkSettings('youmi', { apiVersion: 'v2', wechatIds: [0] })).toEqual({ apiVersion: 'v2', wechatIds: ['0'] });
    for (const bad of [-1, 19.06, Number.MAX_SAFE_INTEGER + 2, '19 06', 'wxid_a', ''])
      expect(reasonOf(() => checkSettings('youmi', { apiVersion: 'v2', wechatIds: [bad] })), String(bad)).toBe('wechatIds.0');
  });

  it('keeps each Youmi WeChat id once and drops a blank TenantId', () => {
    expect(tidySettings({ apiVersion: 'v1', tenantId: '  ', wechatIds: ['3', '1', '3'] })).toEqual({ apiVersion: 'v1', wechatIds: ['3', '1'] });
    expect(tidySettings({ apiVersion: 'v2', tenantId: ' T-9 ', wechatIds: ['1'] })).toEqual({ apiVersion: 'v2', tenantId: 'T-9', wechatIds: ['1'] });
  });
});
