// The agent's own identity at 7moor: which agent they are and the number of their work phone.
// callPhone rings this number first (userPhone) and autoAddWx sends the friend request from it,
// so without it neither can work. Stored as a non-secret setting.
import { appError } from '@shared/errors';
import type { MyWorkPhone } from '@shared/ipc/accounts';
import type { Agent } from '@shared/model';
import type { AppContext } from '../app/context';
import { normalizeChinesePhone } from '@shared/phone';
import { activeAccount } from './accounts-record';
import { MY_WORK_PHONE_KEY, readMyWorkPhone } from './work-phone';

/** The saved work phone, or null when none is saved or its 7moor account was removed since. */
export function getMyWorkPhone(context: Pick<AppContext, 'store'>): MyWorkPhone | null {
  const mine = readMyWorkPhone(context.store);
  if (!mine) return null;
  try {
    activeAccount(context.store, mine.accountId);
  } catch {
    return null;
  }
  return mine;
}

/**
 * For dialing and auto-add-WeChat: the agent's work phone, or a VALIDATION error that tells the
 * agent where to set it (details.reason 'noWorkPhone', details.field 'workPhone').
 */
export function requireMyWorkPhone(context: Pick<AppContext, 'store'>): MyWorkPhone {
  const mine = getMyWorkPhone(context);
  if (!mine) {
    throw appError(
      'VALIDATION',
      '请先在 设置 → 我的工作手机 中选择您的座席或填写工作手机号',
      'Pick yourself from the agent list or type your work-phone number in Settings → My work phone first',
      { reason: 'noWorkPhone', field: 'workPhone' },
    );
  }
  return mine;
}

export interface WorkPhoneChoice {
  accountId: string;
  agentId?: string;
  agentName?: string;
  phone: string;
}

/** A work phone is a mobile or a landline; a 400/800 service number cannot ring an agent. */
export function normalizeWorkPhone(raw: string): string {
  const result = normalizeChinesePhone(raw);
  if (!result.ok) {
    throw appError('VALIDATION', result.error.messageZh, result.error.message, { ...result.error.details, field: 'phone' });
  }
  if (result.phone.kind === 'service') {
    throw appError('VALIDATION', '工作手机号应为手机号或座机号，不能是 400/800 号码', 'A work-phone number is a mobile or landline number, not a 400/800 number', {
      field: 'phone',
      reason: 'SERVICE_NUMBER',
    });
  }
  return result.phone.digits;
}

/**
 * Saves the agent's choice. An agent picked from the list keeps their id and name; a typed number
 * alone is fine too (some tenants do not list agents to the API).
 */
export function setMyWorkPhone(context: Pick<AppContext, 'store'>, choice: WorkPhoneChoice, knownAgents: readonly Agent[] = []): MyWorkPhone {
  const account = activeAccount(context.store, choice.accountId);
  if (account.vendor !== 'moor') {
    throw appError('VALIDATION', '工作手机需要绑定在七陌工作手机账号上', 'The work phone belongs to a 7moor work phone account', { field: 'accountId' });
  }
  const phone = normalizeWorkPhone(choice.phone);
  const agentId = choice.agentId?.trim() || undefined;
  const agentName = choice.agentName?.trim() || knownAgents.find((a) => a.vendorId === agentId)?.name;
  const mine: MyWorkPhone = { accountId: account.id, ...(agentId ? { agentId } : {}), ...(agentName ? { agentName } : {}), phone };
  context.store.settings.set(MY_WORK_PHONE_KEY, mine);
  return mine;
}

/** Forgets the work phone when its account goes away. */
export function forgetWorkPhoneOf(context: Pick<AppContext, 'store'>, accountId: string): boolean {
  const mine = readMyWorkPhone(context.store);
  if (mine?.accountId !== accountId) return false;
  context.store.settings.remove(MY_WORK_PHONE_KEY);
  return true;
}
