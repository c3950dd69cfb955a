// 7moor failures in the agent's words. The envelope says code 0 with a `msg`, and sometimes a
// `statusCode` that tells what to do; each documented one gets its own advice.
import { AppError, type ErrorCode } from '@shared/errors';

interface Advice {
  zh: string;
  en: string;
}

/** The statusCodes the doc and NOTES.md document, with what the agent should do about each. */
export const MOOR_STATUS_ADVICE: Readonly<Record<number, Advice>> = {
  4001: {
    zh: '工作手机不在线或工作手机App版本过低：请确认工作手机已开机联网、App已升级到最新版本后再试',
    en: 'The work phone is offline or its app is too old: switch the work phone on, connect it to the network, update the work-phone app and try again',
  },
  4004: {
    zh: '七陌找不到该座席：请在设置中核对您的工作手机号码，或请管理员在七陌后台确认该座席存在',
    en: '7moor cannot find this agent: check your work-phone number in Settings, or ask your admin to confirm the agent exists in 7moor',
  },
  4005: {
    zh: '请求参数有误：请检查填写的号码、日期和页码后重试',
    en: '7moor rejected a parameter: check the phone numbers, dates and page numbers and try again',
  },
  4006: {
    zh: '七陌解密失败：该企业开启了接口加密，本应用暂不支持，请联系管理员在七陌后台关闭接口加密',
    en: '7moor could not decrypt the request: your company turned on API encryption, which this app does not support; ask your admin to turn it off in 7moor',
  },
  4007: {
    zh: '七陌加密失败：该企业开启了接口加密，本应用暂不支持，请联系管理员在七陌后台关闭接口加密',
    en: '7moor could not encrypt its answer: your company turned on API encryption, which this app does not support; ask your admin to turn it off in 7moor',
  },
  4008: {
    zh: '本机的公网IP不在七陌的IP白名单中：请联系管理员把这台电脑的公网IP加入七陌后台的白名单',
    en: "This computer's public IP is not on your company's 7moor whitelist: ask your admin to add it in the 7moor admin console",
  },
  4009: {
    zh: '企业尚未开通七陌工作手机OpenAPI对接：请联系管理员在七陌后台开通并生成 clientId / clientSecret',
    en: 'The 7moor work-phone API is not set up for your company: ask your admin to enable it in 7moor and create a clientId / clientSecret',
  },
  4017: {
    zh: '时间格式不正确：请重新选择开始和结束时间',
    en: '7moor did not accept the time format: pick the start and end times again',
  },
  4018: {
    zh: '查询的时间跨度太大：请把时间范围缩小到一个月以内',
    en: 'The time range is too long for 7moor: narrow it to one month or less',
  },
  4019: {
    zh: '一次请求的数据太多：请缩小时间范围或减少每页条数',
    en: 'Too much data in one request: narrow the time range or ask for fewer rows per page',
  },
};

export interface MoorFailure {
  code: number | undefined;
  msg: string | undefined;
  statusCode: number | undefined;
}

// The doc is silent on what an expired or unknown accessToken gets back. Our simulator answers
// code 0 with msg "accessToken已失效" / "accessToken无效"; any failure naming the token with one of
// these words is taken as "log in again", whatever the exact phrasing.
const TOKEN_REJECTED = /token/i;
const TOKEN_WORDS = /失效|过期|无效|不存在|错误|不能为空|非法|invalid|expired|missing|unknown/i;
const TOO_FAST = /频繁|限流|too many|rate limit/i;

export function isTokenRejectionMessage(msg: string | undefined): boolean {
  return msg !== undefined && TOKEN_REJECTED.test(msg) && TOKEN_WORDS.test(msg);
}

/** True for the AUTH error that a refresh and one more attempt may cure. */
export function isTokenRejection(error: unknown): boolean {
  return error instanceof AppError && error.code === 'AUTH' && error.details?.['tokenRejected'] === true;
}

/** Turns a code-0 envelope into the error the agent sees. */
export function moorFailure(endpoint: string, failure: MoorFailure): AppError {
  const details = {
    endpoint,
    vendorCode: failure.code,
    ...(failure.statusCode !== undefined ? { statusCode: failure.statusCode } : {}),
    vendorMsg: failure.msg ?? '',
  };
  const said = failure.msg ? `（七陌：${failure.msg}）` : '';
  const saidEn = failure.msg ? ` (7moor said: ${failure.msg})` : '';
  const advice = failure.statusCode !== undefined ? MOOR_STATUS_ADVICE[failure.statusCode] : undefined;
  if (advice) return make('VENDOR', advice.zh + said, advice.en + saidEn, details);
  if (isTokenRejectionMessage(failure.msg)) {
    return make(
      'AUTH',
      `七陌登录凭证已失效，重新登录后仍被拒绝：请在设置中重新验证七陌账号${said}`,
      `7moor refused the sign-in token even after signing in again: verify the 7moor account in Settings${saidEn}`,
      { ...details, tokenRejected: true },
    );
  }
  if (failure.msg && TOO_FAST.test(failure.msg)) {
    return make('RATE_LIMIT', `七陌请求过于频繁，稍后自动重试${said}`, `Too many requests to 7moor; the app will try again shortly${saidEn}`, details, true);
  }
  return make(
    'VENDOR',
    `七陌工作手机未能完成操作${said || '，请稍后再试'}`,
    `7moor could not do this${saidEn || '; try again later'}`,
    details,
  );
}

/** getToken refused clientId/clientSecret: only the agent or the admin can fix that. */
export function credentialsRefused(endpoint: string, failure: MoorFailure): AppError {
  const said = failure.msg ? `（七陌：${failure.msg}）` : '';
  const saidEn = failure.msg ? ` (7moor said: ${failure.msg})` : '';
  return make(
    'AUTH',
    `七陌拒绝了 clientId / clientSecret：请在设置中重新填写管理后台生成的 clientId 和 clientSecret${said}`,
    `7moor refused the clientId / clientSecret: enter the ones from the 7moor admin console again in Settings${saidEn}`,
    { endpoint, vendorCode: failure.code, statusCode: failure.statusCode, vendorMsg: failure.msg ?? '', reloginNeeded: true },
  );
}

/** A 7moor answer that is not 7moor's envelope at all. */
export function unexpectedResponse(endpoint: string, httpStatus: number, what: string): AppError {
  return make(
    'VENDOR',
    `七陌工作手机返回了无法识别的数据（${endpoint}，HTTP ${httpStatus}），请稍后再试`,
    `7moor sent an answer this app does not understand (${endpoint}, HTTP ${httpStatus}: ${what}); try again later`,
    { endpoint, httpStatus },
  );
}

function make(code: ErrorCode, zh: string, en: string, details: Record<string, unknown>, retryable = false): AppError {
  return new AppError({ code, messageZh: zh, message: en, details, retryable });
}
