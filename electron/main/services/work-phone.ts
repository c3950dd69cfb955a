// The agent's own work-phone number, which 7moor rings first when dialing (userPhone) and which
// sends the WeChat friend request. Stored as a non-secret setting by the accounts service.
import { appError } from '@shared/errors';
import { MyWorkPhone } from '@shared/ipc/accounts';
import type { Store } from '../store';

export const MY_WORK_PHONE_KEY = 'identity.myWorkPhone';

export function readMyWorkPhone(store: Store): MyWorkPhone | null {
  const parsed = MyWorkPhone.safeParse(store.settings.get(MY_WORK_PHONE_KEY));
  return parsed.success ? parsed.data : null;
}

export function requireWorkPhone(store: Store): MyWorkPhone {
  const mine = readMyWorkPhone(store);
  if (!mine) {
    throw appError(
      'VALIDATION',
      '还没有设置您的工作手机号：请在 设置 → 我的工作手机 中选择您的座席或填写号码',
      'Your work-phone number is not set: pick yourself or type it in Settings → My work phone',
      { field: 'workPhone', reason: 'noWorkPhone' },
    );
  }
  return mine;
}
