// What a failed dial or add-on-WeChat means for the agent. 7moor answers with a statusCode (4001
// work phone offline, 4008 IP not whitelisted); a missing work-phone number is the app's own
// refusal before anything reaches 7moor.
import type { SerializedError } from '@shared/errors';

export type PhoneFailure = 'offline' | 'notWhitelisted' | 'noWorkPhone' | 'other';

type ErrorLike = Pick<SerializedError, 'code' | 'message' | 'messageZh' | 'details'>;

function vendorStatus(details: SerializedError['details']): number | undefined {
  for (const key of ['statusCode', 'vendorCode'] as const) {
    const value = details?.[key];
    const code = typeof value === 'string' ? Number(value) : value;
    if (code === 4001 || code === 4008) return code;
  }
  return undefined;
}

/** Recognizes the "set your work-phone number first" refusal by its field, or by what it says. */
function isMissingWorkPhone(error: ErrorLike): boolean {
  if (error.code === 'VENDOR') return false;
  const field = error.details?.['field'] ?? error.details?.['setting'] ?? error.details?.['reason'];
  if (typeof field === 'string' && /work.?phone/i.test(field)) return true;
  return /work[- ]?phone number/i.test(error.message) || /工作手机号/.test(error.messageZh);
}

export function classifyPhoneFailure(error: ErrorLike): PhoneFailure {
  const status = vendorStatus(error.details);
  if (status === 4001) return 'offline';
  if (status === 4008) return 'notWhitelisted';
  if (isMissingWorkPhone(error)) return 'noWorkPhone';
  return 'other';
}
