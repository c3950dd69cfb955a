import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { AppInput } from '@shared/ipc/contract';
import type { CustomerRecord } from '@shared/ipc/crm';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { createInput, errorField, formFields, initialValues, updateInput, validateCustomer } from '../../renderer/src/lib/state/customers-form';
import CustomersView from '../../renderer/src/views/customers/CustomersView.svelte';
import { LI, moorAccount, TEMPLATE, YOUMI_ACCOUNT, ZHANG } from './customers-fixtures';
import { useHarness } from './customers-harness';
import { fakeApp, settle, vendorError, type FakeApp, type Handlers } from './inbox-fake-app';

const h = useHarness();
const { byTestId, click } = h;
const $$ = <T extends Element = HTMLElement>(selector: string) => h.all<T>(selector);

function type(testId: string, value: string): void {
  const input = byTestId<HTMLInputElement | HTMLTextAreaElement>(testId);
  if (!input) throw new Error(`no ${testId}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('blur'));
  flushSync();
}

function submit(): void {
  byTestId<HTMLFormElement>('customer-form')?.requestSubmit();
  flushSync();
}

/** A CRM with the doc's template: customers are kept in memory so create / edit / delete round-trip. */
function crmHandlers(records: CustomerRecord[] = [ZHANG, LI], extra: Handlers = {}): Handlers {
  let store = [...records];
  let id = 100;
  return {
    'accounts.list': () => [YOUMI_ACCOUNT, moorAccount('moor-1', '七陌 演示')],
    'crm.getTemplate': () => TEMPLATE,
    'crm.listCustomers': (input) => ({ items: store.filter((r) => !input.accountId || r.accountId === input.accountId) }),
    'crm.createCustomer': (input) => {
      const record: CustomerRecord = { accountId: input.accountId, vendorId: `new-${id++}`, name: input.name, phone: input.phone, fields: input.fields ?? {}, updatedAt: Date.now() };
      store = [record, ...store];
      return record;
    },
    'crm.updateCustomer': (input) => {
      const old = store.find((r) => r.vendorId === input.vendorId);
      if (!old) throw vendorError('Customer not found', '客户不存在', undefined, 'NOT_FOUND');
      const record: CustomerRecord = {
        ...old,
        name: input.name ?? old.name,
        phone: input.phone ?? old.phone,
        fields: { ...old.fields, ...input.fields },
        updatedAt: old.updatedAt + 1000,
      };
      store = store.map((r) => (r.vendorId === record.vendorId ? record : r));
      return record;
    },
    'crm.deleteCustomer': (input) => {
      store = store.filter((r) => r.vendorId !== input.vendorId);
      return { deleted: true };
    },
    'records.timeline': () => [],
    ...extra,
  };
}

async function renderView(handlers: Handlers): Promise<FakeApp> {
  const fake = fakeApp(handlers);
  h.render(CustomersView, { app: fake.app });
  await settle();
  return fake;
}

const formLabels = () => $$('[data-testid="customer-form"] label').map((l) => l.querySelector('bdi')?.textContent);

describe('the CRM form built from customerTmp', () => {
  it('keeps the vendor order and labels, typo keys included, and requires only name and phone', () => {
    const fields = formFields(TEMPLATE);
    expect(fields.map((f) => f.key)).toEqual(['name', 'phone', 'address', 'birthday', 'email', 'filed0', 'filed1', 'job', 'prov_city', 'remark', 'sex', 'source']);
    expect(fields.find((f) => f.key === 'filed0')?.label).toBe('字段1');
    expect(fields.filter((f) => f.required).map((f) => f.key)).toEqual(['name', 'phone']);
  });

  it('adds name and phone when a template forgets them, and keeps fields the template no longer has', () => {
    const fields = formFields([{ key: 'remark', label: '备注' }], { ...LI, fields: { legacy: 'x' } }, { name: '姓名', phone: '电话' });
    expect(fields.map((f) => [f.key, f.label, f.extra])).toEqual([
      ['name', '姓名', false],
      ['phone', '电话', false],
      ['remark', '备注', false],
      ['legacy', 'legacy', true],
    ]);
  });

  it('checks required fields, phone shape and length before anything is sent', () => {
    const fields = formFields(TEMPLATE);
    expect(validateCustomer(fields, initialValues(fields))).toEqual({ name: 'required', phone: 'required' });
    expect(validateCustomer(fields, { ...initialValues(fields), name: '王五', phone: 'abc' })).toEqual({ phone: 'phone' });
    expect(validateCustomer(fields, { ...initialValues(fields), name: '王五', phone: '+86 138-0013-8000', remark: 'x'.repeat(2001) })).toEqual({ remark: 'tooLong' });
  });

  it('sends only filled fields on create, and only what changed on update (emptied fields as "")', () => {
    expect(createInput('moor-1', { name: ' 王五 ', phone: '13800138000', filed0: ' a ', remark: '' })).toEqual({
      accountId: 'moor-1',
      name: '王五',
      phone: '13800138000',
      fields: { filed0: 'a' },
    });
    const values = initialValues(formFields(TEMPLATE, ZHANG), ZHANG);
    expect(updateInput(ZHANG, values)).toBeNull();
    expect(updateInput(ZHANG, { ...values, remark: '', email: 'z@example.com' })).toEqual({
      accountId: 'moor-1',
      vendorId: ZHANG.vendorId,
      fields: { remark: '', email: 'z@example.com' },
    });
  });

  it('finds the field an error from main points at', () => {
    const fields = formFields(TEMPLATE);
    expect(errorField({ field: 'phone' }, fields)).toBe('phone');
    expect(errorField({ issues: [{ path: 'fields.filed1', message: 'too long' }] }, fields)).toBe('filed1');
    expect(errorField({ fields: ['job'] }, fields)).toBe('job');
    expect(errorField({ statusCode: 4005 }, fields)).toBeUndefined();
  });
});

describe('Customers view', () => {
  it('lists the 7moor account\'s customers with phone actions, WeChat ids and update time', async () => {
    const fake = await renderView(crmHandlers());
    expect(fake.callsOf('crm.listCustomers')).toEqual([{ accountId: 'moor-1', cursor: undefined, limit: 50 }]);
    const rows = $$('[data-testid="customer-row"]');
    expect(rows.map((r) => r.querySelector('.open')?.textContent?.trim())).toEqual(['张三', '李四']);
    expect(rows[0]?.querySelector('[data-testid="phone-actions"]')?.getAttribute('data-phone')).toBe('13877777777');
    expect(rows[0]?.textContent).toContain('wxid_zhang3');
    expect(rows[0]?.textContent).toContain('01-05 09:30');
    // One 7moor account: no picker.
    expect(byTestId('customer-account')).toBeNull();
  });

  it('creates a customer: the form follows the template, shows problems inline and sends nothing until fixed', async () => {
    const fake = await renderView(crmHandlers());
    click(byTestId('customer-new'));
    await settle();
    expect(formLabels()).toEqual(['姓名', '手机', '地址', '生日', '邮箱', '字段1', '字段2', '职务', '省市', '备注', '性别', '来源']);

    submit();
    expect(byTestId('problem-name')?.textContent).toBe('必填');
    expect(byTestId('problem-phone')?.textContent).toBe('必填');
    expect(byTestId('form-error')?.textContent).toContain('请先修正');
    expect(byTestId('field-name')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(byTestId('field-name'));

    type('field-name', '王五');
    type('field-phone', '12ab');
    expect(byTestId('problem-name')).toBeNull();
    expect(byTestId('problem-phone')?.textContent).toContain('有效的电话号码');
    submit();
    expect(fake.callsOf('crm.createCustomer')).toEqual([]);

    type('field-phone', '138 0013 8000');
    type('field-filed0', '华东区');
    submit();
    await settle();
    expect(fake.callsOf('crm.createCustomer')).toEqual([{ accountId: 'moor-1', name: '王五', phone: '138 0013 8000', fields: { filed0: '华东区' } }]);
    expect(byTestId('customer-pane')?.dataset['mode']).toBe('customer');
    expect(byTestId('customer-name')?.textContent).toBe('王五');
    expect($$('[data-testid="customer-row"]')[0]?.textContent).toContain('王五');
    expect(fake.app.notices.at(-1)?.text).toContain('王五');
  });

  it('edits a customer: the form opens prefilled and only the changed field is sent', async () => {
    const fake = await renderView(crmHandlers());
    click($$('[data-testid="customer-row"] .open')[0] ?? null);
    await settle();
    expect(byTestId<HTMLInputElement>('field-name')?.value).toBe('张三');
    expect(byTestId<HTMLInputElement>('field-phone')?.value).toBe('13877777777');
    expect(byTestId<HTMLInputElement>('field-filed1')?.value).toBe('老客户');
    expect(byTestId<HTMLTextAreaElement>('field-remark')?.value).toBe('周五回访');
    expect(byTestId<HTMLInputElement>('field-filed0')?.value).toBe('');

    type('field-remark', '下周一回访');
    submit();
    await settle();
    expect(fake.callsOf('crm.updateCustomer')).toEqual([{ accountId: 'moor-1', vendorId: ZHANG.vendorId, fields: { remark: '下周一回访' } }]);
    // The form reopens on the saved record.
    expect(byTestId<HTMLTextAreaElement>('field-remark')?.value).toBe('下周一回访');
  });

  it('shows the vendor\'s refusal beside the field it names, or above the buttons, in the agent\'s language', async () => {
    let answer: unknown = vendorError('Bad parameter: phone', '参数错误：手机号', { statusCode: 4005, field: 'phone' });
    const fake = await renderView(
      crmHandlers(undefined, {
        'crm.updateCustomer': () => {
          throw answer;
        },
      }),
    );
    click($$('[data-testid="customer-row"] .open')[0] ?? null);
    await settle();
    type('field-phone', '13877777778');
    submit();
    await settle();
    expect(byTestId('problem-phone')?.textContent).toBe('参数错误：手机号');

    answer = vendorError('Integration not configured', '未开通对接', { statusCode: 4009 });
    type('field-phone', '13877777779');
    expect(byTestId('problem-phone')).toBeNull();
    submit();
    await settle();
    expect(byTestId('form-error')?.textContent).toBe('未开通对接');

    i18n.setLanguage('en');
    submit();
    await settle();
    expect(byTestId('form-error')?.textContent).toBe('Integration not configured');
    expect(fake.callsOf('crm.updateCustomer')).toHaveLength(3);
  });

  it('deletes only after confirmation; Esc or Cancel keeps the customer', async () => {
    const fake = await renderView(crmHandlers());
    click($$('[data-testid="customer-row"] .open')[1] ?? null);
    await settle();
    click(byTestId('customer-delete'));
    const dialog = byTestId('confirm-delete');
    expect(dialog?.getAttribute('role')).toBe('alertdialog');
    expect(dialog?.textContent).toContain('李四');
    expect(document.activeElement?.textContent).toBe('取消');
    dialog?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    flushSync();
    expect(byTestId('confirm-delete')).toBeNull();
    expect(fake.callsOf('crm.deleteCustomer')).toEqual([]);

    click(byTestId('customer-delete'));
    click(byTestId('confirm-delete-yes'));
    await settle();
    expect(fake.callsOf('crm.deleteCustomer')).toEqual([{ accountId: 'moor-1', vendorId: LI.vendorId }]);
    expect($$('[data-testid="customer-row"]').map((r) => r.querySelector('.open')?.textContent?.trim())).toEqual(['张三']);
    expect(byTestId('customer-pane')?.dataset['mode']).toBe('none');
  });

  it('offers the account picker when there are several 7moor accounts and lists the chosen one', async () => {
    const fake = await renderView(
      crmHandlers([ZHANG, { ...LI, accountId: 'moor-2' }], {
        'accounts.list': () => [moorAccount('moor-1', '七陌 一部'), YOUMI_ACCOUNT, moorAccount('moor-2', '七陌 二部')],
      }),
    );
    const picker = byTestId<HTMLSelectElement>('customer-account');
    expect([...(picker?.options ?? [])].map((o) => o.textContent)).toEqual(['七陌 一部', '七陌 二部']);
    if (!picker) throw new Error('no picker');
    picker.value = 'moor-2';
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(fake.callsOf('crm.listCustomers').at(-1)?.accountId).toBe('moor-2');
    expect($$('[data-testid="customer-row"] .open').map((b) => b.textContent?.trim())).toEqual(['李四']);
  });

  it('searches after a pause in typing and pages on with the cursor main gave', async () => {
    const pages: Record<string, { items: CustomerRecord[]; nextCursor?: string }> = {
      '': { items: [ZHANG], nextCursor: 'c1' },
      c1: { items: [LI] },
    };
    const fake = await renderView(
      crmHandlers(undefined, {
        'crm.listCustomers': (input: AppInput<'crm.listCustomers'>) => (input.query ? { items: [LI] } : (pages[input.cursor ?? ''] ?? { items: [] })),
      }),
    );
    click(byTestId('load-more'));
    await settle();
    expect(fake.callsOf('crm.listCustomers').at(-1)?.cursor).toBe('c1');
    expect($$('[data-testid="customer-row"]')).toHaveLength(2);

    type('customer-search', '李');
    await new Promise((resolve) => setTimeout(resolve, 250));
    await settle();
    expect(fake.callsOf('crm.listCustomers').at(-1)).toEqual({ accountId: 'moor-1', query: '李', cursor: undefined, limit: 50 });
    expect($$('[data-testid="customer-row"]')).toHaveLength(1);
  });

  it('asks to add a 7moor account when there is none', async () => {
    const fake = await renderView(crmHandlers([], { 'accounts.list': () => [YOUMI_ACCOUNT] }));
    expect(byTestId('customers-no-account')?.textContent).toContain('连接七陌工作手机账号');
    click(byTestId('customers-no-account')?.querySelector('button') ?? null);
    expect(fake.app.view).toBe('settings');
    expect(fake.app.settingsTarget).toEqual({ section: 'accounts', addVendor: 'moor' });
  });

  it('opens a number from elsewhere (app.openTimeline): its customer\'s timeline, or the bare number with "create"', async () => {
    const fake = await renderView(
      crmHandlers(undefined, {
        'crm.getCustomerByPhone': (input) => (input.phone === ZHANG.phone ? ZHANG : null),
      }),
    );
    fake.app.openTimeline(ZHANG.phone);
    await settle();
    expect(byTestId('customer-pane')?.dataset['mode']).toBe('customer');
    expect(byTestId('customer-tab-timeline')?.getAttribute('aria-selected')).toBe('true');
    expect(fake.callsOf('records.timeline').at(-1)).toEqual({ phone: ZHANG.phone, limit: 200 });
    expect(fake.app.timelinePhone).toBeNull();

    fake.app.openTimeline('15500001111');
    await settle();
    expect(byTestId('customer-pane')?.dataset['mode']).toBe('number');
    click(byTestId('create-from-number'));
    await settle();
    expect(byTestId<HTMLInputElement>('field-phone')?.value).toBe('15500001111');
  });
});
