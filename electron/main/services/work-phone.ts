// The agent's own work-phone number, which 7moor rings first when dialing (userPhone) and which
// sends the WeChat friend request. Stored as a non-secret setting by the accounts service.
import { MyWorkPhone } from '@shared/ipc/accounts';
import type { Store } from '../store';

export const MY_WORK_PHONE_KEY = 'identity.myWorkPhone';

export function readMyWorkPhone(store: Store): MyWorkPhone | null {
  const parsed = MyWorkPhone.safeParse(store.settings.get(MY_WORK_PHONE_KEY));
  return parsed.success ? parsed.data : null;
}
