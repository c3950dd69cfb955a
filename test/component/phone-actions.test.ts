import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Contact } from '@shared/model';
import PhoneActions, { WECHAT_CHECK } from '../../renderer/src/lib/phone/PhoneActions.svelte';
import { classifyPhoneFailure } from '../../renderer/src/lib/phone/dial-outcome';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { fakeApp, settle, vendorError, type Handlers } from './inbox-fake-app';

let target: HTMLElement;
let component: ReturnType<typeof mount> | undefined;

beforeEach(() => {
  i18n.setLanguage('zh');
  target = document.createElement('div');
  document.body.append(target);
  WECHAT_CHECK.intervalMs = 1;
});

afterEach(() => {
  if (component) unmount(component);
  component = undefined;
  target.remove();
});

function render(handlers: Handlers, phone = '13800138000') {
  const fake = fakeApp(handlers);
  component = mount(PhoneActions, { target, props: { app: fake.app, phone, source: 'message' } });
  flushSync();
  return fake;
}

const click = (testId: string) => {
  const button = target.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`);
  if (!button) throw new Error(`no ${testId}`);
  button.click();
  flushSync();
};
const status = (testId: string) => target.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

const attempt = { id: 1, phone: '13800138000', workPhone: '13900000001', at: 0, source: 'message' };

describe('PhoneActions: dial', () => {
  it('asks main to dial with the number and where the agent clicked, then says the call started', async () => {
    let release: () => void = () => {};
    const fake = render({
      'dial.call': () => new Promise((resolve) => (release = () => resolve({ ...attempt, state: 'calling' }))),
    });
    expect(target.textContent).toContain('13800138000');
    click('dial');
    expect(status('dial-status')?.dataset['state']).toBe('calling');
    expect(target.querySelector<HTMLButtonElement>('[data-testid="dial"]')?.disabled).toBe(true);
    release();
    await settle();
    expect(fake.callsOf('dial.call')).toEqual([{ phone: '13800138000', source: 'message' }]);
    expect(status('dial-status')?.dataset['state']).toBe('placed');
    expect(status('dial-status')?.textContent).toContain('请在工作手机上接听');
  });

  it.each([
    [vendorError('Work phone offline', '工作手机不在线', { statusCode: 4001, vendorCode: 0 }), 'offline', '工作手机不在线'],
    [vendorError('IP not whitelisted', 'IP不在白名单', { statusCode: 4008 }), 'notWhitelisted', '白名单'],
    [vendorError('Set your work-phone number first', '请先设置您的工作手机号', { field: 'workPhone' }, 'VALIDATION'), 'noWorkPhone', '还没有设置您的工作手机号'],
    [vendorError('7moor is busy', '七陌繁忙', { statusCode: 4017 }), 'other', '拨打失败：七陌繁忙'],
  ] as const)('shows %s as the %s state', async (error, state, text) => {
    render({
      'dial.call': () => {
        throw error;
      },
    });
    click('dial');
    await settle();
    expect(status('dial-status')?.dataset['state']).toBe(state);
    expect(status('dial-status')?.textContent).toContain(text);
    expect(status('open-work-phone-settings') !== null).toBe(state === 'noWorkPhone');
  });

  it('treats a logged attempt that failed like a thrown error, and "set it in Settings" opens the work-phone section', async () => {
    const fake = render({
      'dial.call': () => ({ ...attempt, state: 'failed', error: vendorError('No work phone', '未设置工作手机号', { field: 'workPhone' }, 'NOT_FOUND') }),
    });
    click('dial');
    await settle();
    expect(status('dial-status')?.dataset['state']).toBe('noWorkPhone');
    click('open-work-phone-settings');
    expect(fake.app.view).toBe('settings');
    expect(fake.app.settingsTarget.section).toBe('workPhone');
  });
});

describe('PhoneActions: add on WeChat', () => {
  const contact: Contact = { id: 7, accountId: 'moor-1', vendorContactId: 'c7', name: '王姐', phones: ['13800138000'] };

  it('sends the friend request, then watches the contacts until the customer appears', async () => {
    let checks = 0;
    const fake = render({
      'dial.addWeChat': ({ phone }) => ({ phone, requestedAt: 1_700_000_000_000 }),
      'dial.checkWeChatAdded': () => (++checks < 3 ? { found: false } : { found: true, contact }),
    });
    click('add-wechat');
    await settle(20);
    expect(fake.callsOf('dial.addWeChat')).toEqual([{ phone: '13800138000' }]);
    expect(fake.callsOf('dial.checkWeChatAdded')).toEqual(Array(3).fill({ phone: '13800138000', since: 1_700_000_000_000 }));
    expect(status('wechat-status')?.dataset['state']).toBe('found');
    expect(status('wechat-status')?.textContent).toContain('王姐');
  });

  it('stops looking after a few checks and offers to check again', async () => {
    const fake = render({
      'dial.addWeChat': ({ phone }) => ({ phone, requestedAt: 5 }),
      'dial.checkWeChatAdded': () => ({ found: false }),
    });
    click('add-wechat');
    await settle(30);
    expect(fake.callsOf('dial.checkWeChatAdded')).toHaveLength(WECHAT_CHECK.attempts);
    expect(status('wechat-status')?.dataset['state']).toBe('notYet');
    const again = [...target.querySelectorAll('button')].find((b) => b.textContent === '再查一次');
    again?.click();
    await settle();
    expect(fake.callsOf('dial.checkWeChatAdded')).toHaveLength(WECHAT_CHECK.attempts + 1);
  });

  it('shows a 4001 refusal of autoAddWx as the offline state', async () => {
    render({
      'dial.addWeChat': () => {
        throw vendorError('offline', '工作手机不在线', { statusCode: '4001' });
      },
    });
    click('add-wechat');
    await settle();
    expect(status('wechat-status')?.dataset['state']).toBe('offline');
  });
});

describe('classifyPhoneFailure', () => {
  it('reads the vendor status from either detail and ignores unrelated text', () => {
    expect(classifyPhoneFailure(vendorError('x', 'x', { vendorCode: 4008 }))).toBe('notWhitelisted');
    expect(classifyPhoneFailure(vendorError('Network down', '网络不通', undefined, 'NETWORK'))).toBe('other');
    expect(classifyPhoneFailure(vendorError('Set your work phone number in Settings', '请设置工作手机号', undefined, 'VALIDATION'))).toBe('noWorkPhone');
    // A vendor error that merely mentions the work phone is still a vendor error.
    expect(classifyPhoneFailure(vendorError('work phone number unknown to 7moor', '工作手机号不存在', { statusCode: 4004 }))).toBe('other');
  });
});
