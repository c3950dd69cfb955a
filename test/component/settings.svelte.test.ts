// Settings: the account forms' validation for each vendor, the https rule, adding / testing /
// removing accounts through the list, the health panel, keychain-missing advice, preferences.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountSummary } from '@shared/ipc/accounts';
import type { NetworkStatus } from '@shared/ipc/network';
import type { Settings } from '@shared/ipc/settings';
import { DEFAULT_SETTINGS } from '@shared/ipc/settings';
import type { AccountSyncStatus } from '@shared/ipc/sync';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { AccountForm, baseUrlError, splitWeChatIds } from '../../renderer/src/lib/state/accounts-form.svelte';
import { AccountsState } from '../../renderer/src/lib/state/accounts.svelte';
import { SettingsState } from '../../renderer/src/lib/state/settings.svelte';
import { SyncState } from '../../renderer/src/lib/state/sync.svelte';
import { DesktopHealthState } from '../../renderer/src/lib/state/desktop-health.svelte';
import { UpdateState } from '../../renderer/src/lib/state/update.svelte';
import { ProxySettingsState } from '../../renderer/src/lib/state/proxy-settings.svelte';
import SettingsView from '../../renderer/src/views/settings/SettingsView.svelte';
import { fakeApp, settle, vendorError, type Handlers } from './inbox-fake-app';

const moorAccount: AccountSummary = {
  id: 'moor-1',
  vendor: 'moor',
  label: '七陌销售一部',
  baseUrl: 'https://wpapi.7moor.com',
  settings: { clientId: 'cid-1' },
  hasSecret: true,
  status: 'connected',
  tokenExpiresAt: Date.now() + 3_600_000,
  demo: false,
  createdAt: 1,
};
const youmiAccount: AccountSummary = {
  id: 'youmi-1',
  vendor: 'youmi',
  label: '友米个微',
  baseUrl: 'http://127.0.0.1:4100',
  settings: { apiVersion: 'v2', wechatIds: ['1001', '1002'] },
  hasSecret: true,
  status: 'error',
  lastError: vendorError('Youmi refused the token (code 401)', '友米拒绝了 Token（代码 401）', { vendorCode: 401 }, 'AUTH'),
  demo: true,
  createdAt: 2,
};

let target: HTMLElement;
beforeEach(() => {
  i18n.setLanguage('zh');
  target = document.createElement('div');
  document.body.append(target);
});
afterEach(() => target.remove());

function setValue(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}
const q = <T extends Element = HTMLElement>(sel: string) => target.querySelector<T>(sel);
const click = (sel: string) => {
  const el = q<HTMLElement>(sel);
  if (!el) throw new Error(`no ${sel}`);
  el.click();
  flushSync();
};

describe('the https rule for API addresses', () => {
  it.each([
    ['https://wpapi.7moor.com', undefined],
    ['https://tenant.youmi.example/api/', undefined],
    ['http://127.0.0.1:4100', undefined],
    ['http://localhost:8080/x', undefined],
    ['http://[::1]:9000', undefined],
    ['http://wpapi.7moor.com', 'https'],
    ['http://127.0.0.1.evil.example', 'https'],
    ['http://10.0.0.5', 'https'],
    ['ftp://example.com', 'url'],
    ['javascript:alert(1)', 'url'],
    ['wpapi.7moor.com', 'url'],
    ['', 'required'],
  ])('%s → %s', (url, expected) => {
    expect(baseUrlError(url)).toBe(expected);
  });
});

describe('the account form', () => {
  it('7moor: needs a name, clientId and clientSecret; the address defaults to 7moor', () => {
    const form = new AccountForm({ vendor: 'moor' });
    expect(form.baseUrl).toBe('https://wpapi.7moor.com');
    expect(form.toDraft()).toBeUndefined();
    expect(form.errors).toEqual({ label: 'required', clientId: 'required', secret: 'required' });
    form.label = ' 七陌 ';
    form.clientId = 'cid';
    form.secret = 's3cret';
    expect(form.toDraft()).toEqual({ vendor: 'moor', label: '七陌', baseUrl: 'https://wpapi.7moor.com', settings: { clientId: 'cid' }, clientSecret: 's3cret' });
  });

  it('Youmi: numeric operating WeChat ids separated any usual way, optional TenantId, v1 or v2', () => {
    const form = new AccountForm({ vendor: 'youmi' });
    expect(form.baseUrl).toBe('');
    form.label = '友米';
    form.baseUrl = 'https://open.youmi.example';
    form.secret = 'tok';
    form.wechatIds = '1001，wxid_abc';
    expect(form.toDraft()).toBeUndefined();
    expect(form.errors).toEqual({ wechatIds: 'wechatIds' });
    form.wechatIds = '1001，1002\n1003 1004';
    form.apiVersion = 'v1';
    expect(form.toDraft()).toEqual({
      vendor: 'youmi',
      label: '友米',
      baseUrl: 'https://open.youmi.example',
      settings: { apiVersion: 'v1', wechatIds: ['1001', '1002', '1003', '1004'] },
      token: 'tok',
    });
    form.tenantId = 'T-9';
    expect(form.toDraft()).toMatchObject({ settings: { tenantId: 'T-9' } });
    expect(splitWeChatIds(' 1, 2;3、4 ')).toEqual(['1', '2', '3', '4']);
  });

  it('Zhuge: user_id and u_id are numeric, the address must be https', () => {
    const form = new AccountForm({ vendor: 'zhuge' });
    form.label = '诸葛';
    form.baseUrl = 'http://radar.example.com';
    form.secret = 'tok';
    form.userId = '12a';
    form.uId = '';
    expect(form.toDraft()).toBeUndefined();
    expect(form.errors).toEqual({ baseUrl: 'https', userId: 'numeric', uId: 'required' });
    form.baseUrl = 'https://radar.example.com';
    form.userId = '1234';
    form.uId = '56';
    expect(form.toDraft()).toEqual({ vendor: 'zhuge', label: '诸葛', baseUrl: 'https://radar.example.com', settings: { userId: '1234', uId: '56' }, token: 'tok' });
  });

  it('editing keeps the stored secret unless a new one is typed, and never shows it', () => {
    const form = new AccountForm({ account: youmiAccount });
    expect(form.secret).toBe('');
    expect(form.wechatIds).toBe('1001, 1002');
    form.setVendor('moor');
    expect(form.vendor).toBe('youmi');
    expect(form.toPatch()).toEqual({ id: 'youmi-1', label: '友米个微', baseUrl: 'http://127.0.0.1:4100', settings: { apiVersion: 'v2', wechatIds: ['1001', '1002'] } });
    form.secret = 'new-token';
    expect(form.toPatch()).toMatchObject({ secret: 'new-token' });
  });
});

interface Harness {
  fake: ReturnType<typeof fakeApp>;
  view: ReturnType<typeof mount>;
  accounts: AccountsState;
}

async function openSettings(handlers: Handlers, list: AccountSummary[] = [moorAccount, youmiAccount]): Promise<Harness> {
  let current = [...list];
  let settingsValue: Settings = structuredClone(DEFAULT_SETTINGS);
  const fake = fakeApp({
    'accounts.list': () => current,
    'accounts.getMyWorkPhone': () => null,
    'settings.get': () => settingsValue,
    'settings.update': (patch) => {
      settingsValue = { ...settingsValue, ...patch, notifications: { ...settingsValue.notifications, ...patch.notifications } } as Settings;
      return settingsValue;
    },
    'sync.getStatus': () => [],
    'accounts.add': (draft) => {
      const added: AccountSummary = {
        id: `${draft.vendor}-${current.length + 1}`,
        vendor: draft.vendor,
        label: draft.label,
        baseUrl: draft.baseUrl,
        settings: AccountSummary.shape.settings.parse(draft.settings),
        hasSecret: true,
        status: 'unknown',
        demo: false,
        createdAt: Date.now(),
      };
      current = [...current, added];
      return added;
    },
    'accounts.remove': ({ id }) => {
      current = current.filter((a) => a.id !== id);
      return { removed: true };
    },
    ...handlers,
  });
  const accounts = new AccountsState(fake.app.client);
  const view = mount(SettingsView, {
    target,
    props: {
      app: fake.app,
      accounts,
      settings: new SettingsState(fake.app.client),
      sync: new SyncState(fake.app.client),
      update: new UpdateState(fake.app.client),
      desktopHealth: new DesktopHealthState(fake.app.client),
      network: new ProxySettingsState(fake.app.client),
    },
  });
  await settle();
  return { fake, view, accounts };
}

describe('Settings → Accounts', () => {
  it('lists accounts with their status, and never a secret', async () => {
    const { view } = await openSettings({});
    const rows = [...target.querySelectorAll('[data-testid^="account-moor"], [data-testid^="account-youmi"]')];
    expect(rows.map((r) => r.querySelector('[data-testid="account-status"]')?.textContent)).toEqual(['已连接', '出错']);
    expect(target.textContent).toContain('密钥已保存');
    expect(target.querySelectorAll('input[type="password"]').length).toBe(0);
    unmount(view);
  });

  it('shows the errors of an empty 7moor form, then adds it and tests the connection', async () => {
    const { fake, view } = await openSettings({
      'accounts.test': () => ({ ok: true, checked: 'getToken and getUsers', checkedZh: '获取令牌和座席列表' }),
    });
    click('[data-testid="add-moor"]');
    click('[data-testid="account-save"]');
    expect(q('[data-testid="error-label"]')?.textContent).toBe('必填');
    expect(q('[data-testid="error-clientId"]')?.textContent).toBe('必填');
    expect(q('[data-testid="error-secret"]')?.textContent).toBe('必填');
    expect(document.activeElement?.id).toBe('account-label');
    expect(fake.callsOf('accounts.add')).toEqual([]);

    setValue(q<HTMLInputElement>('#account-label')!, '七陌二部');
    setValue(q<HTMLInputElement>('#account-baseUrl')!, 'http://wpapi.7moor.com');
    setValue(q<HTMLInputElement>('#account-clientId')!, 'cid-2');
    setValue(q<HTMLInputElement>('#account-secret')!, 'top-secret');
    flushSync();
    click('[data-testid="account-save"]');
    expect(q('[data-testid="error-baseUrl"]')?.textContent).toContain('https://');

    setValue(q<HTMLInputElement>('#account-baseUrl')!, 'https://wpapi.7moor.com');
    flushSync();
    click('[data-testid="account-save"]');
    await settle();
    expect(fake.callsOf('accounts.add')).toEqual([
      { vendor: 'moor', label: '七陌二部', baseUrl: 'https://wpapi.7moor.com', settings: { clientId: 'cid-2' }, clientSecret: 'top-secret' },
    ]);
    expect(fake.callsOf('accounts.test')).toEqual([{ id: 'moor-3' }]);
    expect(q('[data-testid="account-form"]')).toBeNull();
    expect(q('[data-testid="account-moor-3"] [data-testid="account-test-result"]')?.textContent).toContain('连接正常：获取令牌和座席列表');
    expect(target.innerHTML).not.toContain('top-secret');
    unmount(view);
  });

  it("shows the vendor's exact reason when the connection test fails", async () => {
    const reason = vendorError(
      "This computer's public IP is not on your company's 7moor whitelist (7moor said: IP不在白名单)",
      '本机的公网IP不在七陌的IP白名单中（七陌：IP不在白名单）',
      { vendorCode: 0, statusCode: 4008 },
    );
    const { view } = await openSettings({ 'accounts.test': () => ({ ok: false, checked: 'getToken', checkedZh: '获取令牌', error: reason }) });
    click('[data-testid="account-moor-1"] [data-testid="account-test"]');
    await settle();
    expect(q('[data-testid="account-moor-1"] [data-testid="account-test-result"]')?.textContent?.trim()).toBe(
      '连接失败：本机的公网IP不在七陌的IP白名单中（七陌：IP不在白名单）',
    );
    unmount(view);
  });

  it('shows main refusing an add inside the form', async () => {
    const { view } = await openSettings({
      'accounts.add': () => {
        throw vendorError('An account with this clientId exists', '已存在相同 clientId 的账号', undefined, 'CONFLICT');
      },
    });
    click('[data-testid="add-zhuge"]');
    setValue(q<HTMLInputElement>('#account-label')!, '诸葛');
    setValue(q<HTMLInputElement>('#account-baseUrl')!, 'https://radar.example.com');
    setValue(q<HTMLInputElement>('#account-secret')!, 'tok');
    setValue(q<HTMLInputElement>('#account-userId')!, '1');
    setValue(q<HTMLInputElement>('#account-uId')!, '2');
    flushSync();
    click('[data-testid="account-save"]');
    await settle();
    expect(q('[data-testid="account-form-refused"]')?.textContent).toBe('已存在相同 clientId 的账号');
    unmount(view);
  });

  it('edits an account: secret input empty, a blank secret keeps the stored one', async () => {
    const { fake, view } = await openSettings({
      'accounts.update': (patch) => ({ ...youmiAccount, label: patch.label ?? youmiAccount.label }),
      'accounts.test': () => ({ ok: true, checked: 'GetChat', checkedZh: '读取聊天记录' }),
    });
    click('[data-testid="account-youmi-1"] [data-testid="account-edit"]');
    expect(q<HTMLInputElement>('#account-secret')!.value).toBe('');
    expect(q<HTMLInputElement>('#account-secret')!.type).toBe('password');
    setValue(q<HTMLInputElement>('#account-label')!, '友米个微（新）');
    flushSync();
    click('[data-testid="account-save"]');
    await settle();
    expect(fake.callsOf('accounts.update')).toEqual([
      { id: 'youmi-1', label: '友米个微（新）', baseUrl: 'http://127.0.0.1:4100', settings: { apiVersion: 'v2', wechatIds: ['1001', '1002'] } },
    ]);
    unmount(view);
  });

  it('removes an account, also deleting its cache when the box is checked', async () => {
    const { fake, view } = await openSettings({});
    click('[data-testid="account-youmi-1"] [data-testid="account-remove"]');
    expect(q('[data-testid="remove-account"]')?.textContent).toContain('删除账号“友米个微”？');
    click('[data-testid="remove-cache"]');
    click('[data-testid="remove-confirm"]');
    await settle();
    expect(fake.callsOf('accounts.remove')).toEqual([{ id: 'youmi-1', deleteCachedData: true }]);
    expect(q('[data-testid="account-youmi-1"]')).toBeNull();
    expect(q('[data-testid="remove-account"]')).toBeNull();
    unmount(view);
  });

  it('health panel: last sync, next poll, the last error with vendor code and what to do; pause and sync now', async () => {
    const status: AccountSyncStatus = {
      accountId: 'youmi-1',
      paused: false,
      streams: [
        { stream: 'messages', phase: 'error', done: 120, lastSuccessAt: new Date(2026, 10, 20, 9, 30).getTime(), nextPollAt: new Date(2026, 10, 22, 10, 0).getTime() },
        { stream: 'contacts', phase: 'backfill', done: 40, estimatedTotal: 200 },
      ],
    };
    const { fake, view } = await openSettings({
      'sync.getStatus': () => [status],
      'sync.pause': () => ({ ...status, paused: true }),
      'sync.syncNow': () => ({}),
    });
    click('[data-testid="account-youmi-1"] [data-testid="account-details"]');
    const health = q('[data-testid="health-youmi-1"]')!;
    expect(health.querySelector('[data-testid="health-last-success"]')?.textContent).toBe('2026-11-20 09:30:00');
    expect(health.textContent).toContain('2026-11-22 10:00:00');
    expect(health.querySelector('[data-testid="health-error"]')?.textContent).toBe('友米拒绝了 Token（代码 401）');
    expect(health.querySelector('[data-testid="health-vendor-code"]')?.textContent).toBe('401');
    expect(health.textContent).toContain('凭证被拒绝：点击“编辑”重新填写密钥或 Token');
    expect(health.textContent).toContain('40 / 200');
    expect(q('[data-testid="account-youmi-1"] [role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('20');
    const buttons = [...health.querySelectorAll('button')];
    buttons.find((b) => b.textContent === '立即同步')!.click();
    buttons.find((b) => b.textContent === '暂停同步')!.click();
    await settle();
    expect(fake.callsOf('sync.syncNow')).toEqual([{ accountId: 'youmi-1' }]);
    expect(fake.callsOf('sync.pause')).toEqual([{ accountId: 'youmi-1' }]);
    expect(q('[data-testid="account-youmi-1"] [data-testid="account-status"]')?.textContent).toBe('已暂停');
    unmount(view);
  });

  it('says what to do when the keychain is missing', async () => {
    const keychain = vendorError('Cannot reach the keychain', '无法访问系统钥匙串：未找到 Secret Service', { reason: 'unavailable' }, 'KEYCHAIN');
    const { view } = await openSettings({}, [{ ...moorAccount, status: 'keychainMissing', hasSecret: false, lastError: keychain }]);
    const help = q('[data-testid="keychain-missing"]')!;
    expect(help.textContent).toContain('无法访问系统钥匙串：未找到 Secret Service');
    expect(help.textContent).toContain('gnome-keyring');
    expect(q('[data-testid="account-status"]')?.textContent).toBe('钥匙串不可用');
    unmount(view);
  });
});

describe('Settings → preferences', () => {
  it('saves notification changes, per-account mute and the send key through settings.update', async () => {
    const { fake, view } = await openSettings({});
    click('[data-testid="notify-hideContent"]');
    click('[data-testid="mute-youmi-1"]');
    click('[data-testid="send-ctrlEnter"]');
    await settle();
    expect(fake.callsOf('settings.update')).toEqual([
      { notifications: { hideContent: true } },
      { notifications: { mutedAccounts: ['youmi-1'] } },
      { sendKey: 'ctrlEnter' },
    ]);
    expect(q<HTMLInputElement>('[data-testid="mute-youmi-1"]')!.checked).toBe(true);
    expect(q('[data-testid="send-ctrlEnter"]')?.getAttribute('aria-checked')).toBe('true');
    unmount(view);
  });

  it('refuses a sync window outside 1–365 days', async () => {
    const { fake, view } = await openSettings({});
    const input = q<HTMLInputElement>('[data-testid="sync-window"]')!;
    input.value = '400';
    input.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(target.textContent).toContain('请输入 1 到 365 之间的整数');
    input.value = '90';
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(fake.callsOf('settings.update')).toEqual([{ syncWindowDays: 90 }]);
    unmount(view);
  });

  it('switches the language and tells main', async () => {
    const { fake, view } = await openSettings({});
    click('[data-testid="language-en"]');
    await settle();
    expect(i18n.language).toBe('en');
    expect(fake.callsOf('settings.update')).toEqual([{ language: 'en' }]);
    expect(q('h1')?.textContent).toBe('Settings');
    click('[data-testid="language-zh"]');
    await settle();
    unmount(view);
  });

  it('picks my work phone from the 7moor agent list', async () => {
    const { fake, view } = await openSettings({
      'accounts.listAgents': () => [
        { vendorId: 'a1', name: '李雷', phone: '13800000001' },
        { vendorId: 'a2', name: '韩梅梅' },
      ],
      'accounts.setMyWorkPhone': (input) => ({ accountId: input.accountId, agentId: input.agentId, agentName: input.agentName, phone: input.phone }),
    });
    expect(q('[data-testid="my-work-phone"]')?.textContent).toContain('尚未设置');
    click('[data-testid="load-agents"]');
    await settle();
    const agents = [...target.querySelectorAll<HTMLButtonElement>('[data-testid="agent"]')];
    expect(agents[1]!.disabled).toBe(true);
    agents[0]!.click();
    await settle();
    expect(fake.callsOf('accounts.setMyWorkPhone')).toEqual([{ accountId: 'moor-1', phone: '13800000001', agentId: 'a1', agentName: '李雷' }]);
    expect(q('[data-testid="my-work-phone"]')?.textContent).toContain('13800000001');
    unmount(view);
  });
});

describe('Settings → Network', () => {
  const status = (proxy: Partial<NetworkStatus['proxy']> = {}): NetworkStatus => ({
    host: 'electron',
    systemSource: 'os',
    proxy: { mode: 'system', bypass: [], hasPassword: false, ...proxy },
    routes: [
      { accountId: 'moor-1', label: '七陌工作手机', vendor: 'moor', baseUrl: 'https://wpapi.7moor.com', route: { steps: [{ type: 'proxy', scheme: 'PROXY', server: 'proxy.corp:8080' }, { type: 'direct' }], source: 'system' } },
    ],
  });

  it('shows each account’s route, and checks a manual proxy before main sees it', async () => {
    let current = status();
    const { fake, view } = await openSettings({
      'network.getStatus': () => current,
      'network.setProxy': (input) => {
        current = status({ mode: input.mode, server: input.server, bypass: input.bypass ?? [], username: input.username, hasPassword: Boolean(input.password) });
        return current;
      },
    });
    expect(q('[data-testid="route-moor"]')?.textContent).toContain('经代理 proxy.corp:8080，代理不可用时直连');
    expect(q('[data-testid="route-moor"]')?.textContent).toContain('系统设置');
    click('[data-testid="proxy-mode-manual"]');
    setValue(q<HTMLInputElement>('[data-testid="proxy-server"]')!, 'proxy.corp');
    setValue(q<HTMLTextAreaElement>('[data-testid="proxy-bypass"]')!, '*.corp.example\nbad_host!');
    click('[data-testid="proxy-save"]');
    await settle();
    expect(target.textContent).toContain('请在主机名后写上端口');
    expect(target.textContent).toContain('这几条无法识别：bad_host!');
    expect(fake.callsOf('network.setProxy')).toEqual([]);

    setValue(q<HTMLInputElement>('[data-testid="proxy-server"]')!, 'proxy.corp:3128');
    setValue(q<HTMLTextAreaElement>('[data-testid="proxy-bypass"]')!, '*.corp.example, 10.0.0.0/8');
    setValue(q<HTMLInputElement>('[data-testid="proxy-username"]')!, 'zhang');
    setValue(q<HTMLInputElement>('[data-testid="proxy-password"]')!, 'pw-typed');
    click('[data-testid="proxy-save"]');
    await settle();
    expect(fake.callsOf('network.setProxy')).toEqual([{ mode: 'manual', server: 'proxy.corp:3128', bypass: ['*.corp.example', '10.0.0.0/8'], username: 'zhang', password: 'pw-typed' }]);
    // Saved: the password field is empty again and says the password is kept.
    expect(q<HTMLInputElement>('[data-testid="proxy-password"]')!.value).toBe('');
    expect(q<HTMLInputElement>('[data-testid="proxy-password"]')!.placeholder).toContain('已保存在系统钥匙串');
    expect(target.innerHTML).not.toContain('pw-typed');
    unmount(view);
  });
});
