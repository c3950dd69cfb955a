// First run: with no account the agent is welcomed with "try the demo" or "add an account".
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '@shared/ipc/accounts';
import { settle, type Handlers } from './inbox-fake-app';
import { mountApp, unmountApp } from './shell-harness';

const demo = (id: string, vendor: AccountSummary['vendor']): AccountSummary => ({
  id,
  vendor,
  label: `${vendor} demo`,
  baseUrl: 'http://127.0.0.1:4000',
  settings: vendor === 'moor' ? { clientId: 'demo' } : vendor === 'youmi' ? { apiVersion: 'v2', wechatIds: ['1'] } : { userId: '1', uId: '2' },
  hasSecret: true,
  status: 'syncing',
  demo: true,
  createdAt: 1,
});

let target: HTMLElement;
afterEach(unmountApp);

async function start(handlers: Handlers) {
  const mounted = await mountApp(handlers);
  target = mounted.target;
  return mounted.fake;
}
const q = (sel: string) => target.querySelector<HTMLElement>(sel);

describe('the first run', () => {
  it('welcomes an agent with no account, and "try the demo" fills the workspace', async () => {
    let accounts: AccountSummary[] = [];
    const fake = await start({
      'accounts.list': () => accounts,
      'accounts.createDemo': () => (accounts = [demo('moor-1', 'moor'), demo('youmi-1', 'youmi'), demo('zhuge-1', 'zhuge')]),
    });
    expect(q('[data-testid="first-run"] h1')?.textContent).toBe('欢迎使用工作手机助手');
    q('[data-testid="try-demo"]')!.click();
    await settle();
    expect(fake.callsOf('accounts.createDemo')).toEqual([{}]);
    expect(q('[data-testid="first-run"]')).toBeNull();
    expect(q('[data-testid="nav-inbox"]')?.getAttribute('aria-current')).toBe('page');
  });

  it('leaves the agent where they went while the demo was still being made', async () => {
    let accounts: AccountSummary[] = [];
    let finish: (value: AccountSummary[]) => void = () => undefined;
    const fake = await start({
      'accounts.list': () => accounts,
      'accounts.getMyWorkPhone': () => null,
      'accounts.createDemo': () => new Promise<AccountSummary[]>((resolve) => (finish = resolve)),
    });
    q('[data-testid="try-demo"]')!.click();
    await settle();
    // The first demo account exists (main announces it) long before createDemo returns.
    accounts = [demo('moor-1', 'moor')];
    fake.emit('accounts.onDidChange', accounts);
    await settle();
    expect(q('[data-testid="first-run"]')).toBeNull();
    q('[data-testid="nav-settings"]')!.click();
    await settle();
    accounts = [demo('moor-1', 'moor'), demo('youmi-1', 'youmi'), demo('zhuge-1', 'zhuge')];
    finish(accounts);
    await settle();
    expect(q('[data-testid="nav-settings"]')?.getAttribute('aria-current')).toBe('page');
  });

  it('"add an account" opens Settings on the 7moor form, and Settings stays reachable', async () => {
    await start({ 'accounts.list': () => [], 'accounts.getMyWorkPhone': () => null });
    q('[data-testid="add-account"]')!.click();
    await settle();
    expect(q('[data-testid="first-run"]')).toBeNull();
    expect(q('[data-testid="account-form"]')).not.toBeNull();
    expect(q('[data-testid="vendor-moor"]')?.getAttribute('aria-checked')).toBe('true');
    expect(target.querySelector<HTMLInputElement>('#account-baseUrl')?.value).toBe('https://wpapi.7moor.com');
    q('[data-testid="nav-search"]')!.click();
    await settle();
    expect(q('[data-testid="first-run"]')).not.toBeNull();
    q('[data-testid="nav-settings"]')!.click();
    await settle();
    // The request to add was used once: coming back does not reopen the form.
    expect(q('[data-testid="account-form"]')).toBeNull();
  });

  it('shows the failure when the demo cannot be created', async () => {
    await start({
      'accounts.list': () => [],
      'accounts.createDemo': () => {
        throw { code: 'STORAGE', message: 'The local database is full', messageZh: '本机数据库已满' };
      },
    });
    q('[data-testid="try-demo"]')!.click();
    await settle();
    expect(document.querySelector('[data-testid="notices"]')?.textContent).toContain('本机数据库已满');
    expect(q('[data-testid="first-run"]')).not.toBeNull();
  });

  it('is not shown when the accounts service is not in this build', async () => {
    await start({});
    expect(q('[data-testid="first-run"]')).toBeNull();
  });
});
