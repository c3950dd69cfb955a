// Click-to-dial and auto-add-on-WeChat through the agent's own work phone (7moor callPhone /
// autoAddWx). Every dial attempt is logged locally, whatever its outcome.
import { AppError, ErrorCode, isAppError } from '@shared/errors';
import type { AppContract } from '@shared/ipc/contract';
import type { DialAttempt, dialMethods } from '@shared/ipc/dial';
import type { Handlers } from '../ipc/router';
import type { AppContext } from '../app/context';
import { normalizeChinesePhone } from '@shared/phone';
import { requireMyWorkPhone } from './identity';

function normalized(raw: string): string {
  const result = normalizeChinesePhone(raw);
  if (!result.ok) throw result.error;
  return result.phone.digits;
}

export function createDialHandlers(context: AppContext): Pick<Handlers<AppContract>, keyof typeof dialMethods> {
  const { store, vendors, clock } = context;

  const dial = async (rawPhone: string, source: string): Promise<DialAttempt> => {
    const phone = normalized(rawPhone);
    const mine = requireMyWorkPhone(context);
    const at = clock.now();
    try {
      const { client, accountId } = vendors.primaryMoor(mine.accountId);
      await client.callPhone({ callPhone: phone, userPhone: mine.phone });
      const id = store.dialAttempts.record({ accountId, phone, userPhone: mine.phone, at, result: 'ok' });
      return { id, phone, workPhone: mine.phone, at, source, state: 'calling' };
    } catch (error) {
      const appErr = isAppError(error) ? error : new AppError({ code: 'INTERNAL', message: 'Dialing failed', messageZh: '拨号失败' });
      store.dialAttempts.record({ accountId: mine.accountId, phone, userPhone: mine.phone, at, result: 'failed', errorCode: appErr.code, errorMessage: appErr.message });
      throw appErr;
    }
  };

  return {
    'dial.call': ({ phone, source }) => dial(phone, source),
    'dial.listAttempts': ({ limit }) =>
      store.dialAttempts.recent(limit).map((a) => ({
        id: a.id,
        phone: a.phone,
        workPhone: a.userPhone,
        at: a.at,
        source: 'history',
        state: a.result === 'ok' ? ('calling' as const) : ('failed' as const),
        ...(a.errorCode ? { error: { code: errorCode(a.errorCode), message: a.errorMessage ?? '', messageZh: a.errorMessage ?? '' } } : {}),
      })),
    'dial.addWeChat': async ({ phone: raw }) => {
      const phone = normalized(raw);
      const mine = requireMyWorkPhone(context);
      const { client } = vendors.primaryMoor(mine.accountId);
      await client.autoAddWx({ phone, userPhone: mine.phone });
      return { phone, requestedAt: clock.now() };
    },
    'dial.checkWeChatAdded': ({ phone: raw, since }) => {
      const phone = normalized(raw);
      const contact = store.contacts.byPhone(phone).find((c) => (c.createdAt ?? 0) >= since - 60_000 || since <= 0);
      return contact ? { found: true, contact } : { found: false };
    },
  };
}

function errorCode(code: string): AppError['code'] {
  const known = ErrorCode.safeParse(code);
  return known.success ? known.data : 'INTERNAL';
}
