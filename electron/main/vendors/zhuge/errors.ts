// Zhuge answers HTTP 200 for nearly everything and puts the verdict in `code`. These turn a
// verdict into the error a sales agent reads, in both languages, with the vendor's own code kept.
import { AppError } from '@shared/errors';
import { ZHUGE_CODE } from './wire';

/** Django's form.errors.as_json(): { field: [{ message, code }] } → { field: [message] }. */
export function formFieldErrors(data: unknown): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fields;
  for (const [field, problems] of Object.entries(data)) {
    const list = Array.isArray(problems) ? problems : [problems];
    fields[field] = list.map((p) => {
      if (p && typeof p === 'object' && 'message' in p) return String((p as { message: unknown }).message);
      return String(p);
    });
  }
  return fields;
}

/** Vendor text shown inside our own sentence: short, one line. */
function vendorText(msg: string | undefined): string {
  const text = (msg ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

export function zhugeCodeError(code: number, msg: string | undefined, data: unknown, endpoint: string): AppError {
  const base = { vendor: 'zhuge', vendorCode: code, vendorMsg: vendorText(msg), endpoint };
  if (code === ZHUGE_CODE.badSignature) {
    return new AppError({
      code: 'AUTH',
      messageZh: '诸葛雷达拒绝了该账号的令牌（token异常）。请在账号设置里核对令牌和客户ID。',
      message: 'Zhuge radar refused this account\'s token ("token异常"). Check the token and the customer ID in the account settings.',
      details: base,
    });
  }
  if (code === ZHUGE_CODE.formError || code === ZHUGE_CODE.queryFormError) {
    const fields = formFieldErrors(data);
    const summary = Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages.join(' / ')}`)
      .join('; ');
    const shown = summary || vendorText(msg) || '请求异常';
    return new AppError({
      code: 'VENDOR',
      messageZh: `诸葛雷达不接受这次请求的参数（${shown}）。请检查账号设置里的雷达用户ID和客户ID。`,
      message: `Zhuge radar rejected the request parameters (${shown}). Check the radar user ID and the customer ID in the account settings.`,
      details: { ...base, fields },
    });
  }
  if (code === ZHUGE_CODE.notDelivered) {
    return new AppError({
      code: 'VENDOR',
      messageZh: '消息没能以客服消息送达客户，诸葛雷达改发了模板消息提醒（可能已超过48小时回复时限）。',
      message: 'The message could not reach the customer as a customer-service message; Zhuge radar sent a template reminder instead (the 48-hour reply window may have passed).',
      details: base,
    });
  }
  const said = vendorText(msg);
  return new AppError({
    code: 'VENDOR',
    messageZh: `诸葛雷达返回了无法处理的结果（code ${code}${said ? `：${said}` : ''}）。`,
    message: `Zhuge radar answered with a result we cannot use (code ${code}${said ? `: ${said}` : ''}).`,
    details: base,
  });
}

export function zhugeMalformedError(endpoint: string, httpStatus: number, problem: string): AppError {
  return new AppError({
    code: 'VENDOR',
    messageZh: `诸葛雷达返回的数据无法识别（${endpoint}，HTTP ${httpStatus}），已放弃本次结果。`,
    message: `Zhuge radar sent data we cannot read (${endpoint}, HTTP ${httpStatus}); this answer was discarded.`,
    details: { vendor: 'zhuge', endpoint, httpStatus, problem },
  });
}

export function zhugeHttpError(endpoint: string, httpStatus: number): AppError {
  return new AppError({
    code: 'VENDOR',
    messageZh: `诸葛雷达服务出错（${endpoint}，HTTP ${httpStatus}）。`,
    message: `The Zhuge radar service failed (${endpoint}, HTTP ${httpStatus}).`,
    details: { vendor: 'zhuge', endpoint, httpStatus },
    retryable: httpStatus >= 500,
  });
}
