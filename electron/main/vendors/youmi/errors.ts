// Youmi's answers as AppErrors a sales agent can act on. Success is `succeed`, never `errmsg`
// (both docs answer errmsg 10004 / 0 beside succeed:true); the reason of a refusal sits in
// `errdesc` (v2) or in `values` as text (v1).
import { AppError } from '@shared/errors';
import { scrub } from '../../log/logger';
import type { YoumiEnvelope } from './wire';

const TOKEN_REFUSAL = /token|授权|鉴权|登录|令牌|unauthori[sz]ed|forbidden/i;

export function refusalReason(envelope: YoumiEnvelope): string | undefined {
  const candidates = [envelope.errdesc, envelope.values];
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return scrub(candidate.trim()).slice(0, 300);
  }
  return undefined;
}

/** `succeed:false` → AUTH when the vendor refused the token, VENDOR otherwise. */
export function youmiRefusal(envelope: YoumiEnvelope, endpoint: string): AppError {
  const reason = refusalReason(envelope);
  const details = {
    endpoint,
    errmsg: envelope.errmsg ?? null,
    errdesc: typeof envelope.errdesc === 'string' ? scrub(envelope.errdesc).slice(0, 300) : null,
    values: typeof envelope.values === 'string' ? scrub(envelope.values).slice(0, 300) : null,
  };
  if (reason && TOKEN_REFUSAL.test(reason)) {
    return new AppError({
      code: 'AUTH',
      message: `Youmi did not accept the token (${reason}); paste a current token in the account settings`,
      messageZh: `友米聚合不接受当前 token（${reason}），请在账号设置里更新 token`,
      details,
    });
  }
  const because = reason ?? `errmsg ${envelope.errmsg ?? '?'}`;
  return new AppError({
    code: 'VENDOR',
    message: `Youmi refused the request (${endpoint}): ${because}`,
    messageZh: `友米聚合拒绝了请求（${endpoint}）：${because}`,
    details,
  });
}

export function youmiAuthError(endpoint: string, httpStatus: number): AppError {
  return new AppError({
    code: 'AUTH',
    message: `Youmi refused the token (HTTP ${httpStatus}); paste a current token in the account settings`,
    messageZh: `友米聚合拒绝了当前 token（HTTP ${httpStatus}），请在账号设置里更新 token`,
    details: { endpoint, httpStatus },
  });
}

export function youmiHttpError(endpoint: string, httpStatus: number): AppError {
  return new AppError({
    code: 'VENDOR',
    message: `Youmi answered HTTP ${httpStatus} (${endpoint}); check the service address in the account settings`,
    messageZh: `友米聚合返回 HTTP ${httpStatus}（${endpoint}），请检查账号设置里的服务地址`,
    details: { endpoint, httpStatus },
  });
}

export function youmiMalformed(endpoint: string, what: string): AppError {
  return new AppError({
    code: 'VENDOR',
    message: `Youmi sent an answer in an unexpected format (${endpoint}: ${what})`,
    messageZh: `友米聚合返回的数据格式不对（${endpoint}：${what}）`,
    details: { endpoint, problem: what },
  });
}

export function missingToken(): AppError {
  return new AppError({
    code: 'AUTH',
    message: 'No Youmi token is saved for this account; paste it in the account settings',
    messageZh: '此账号还没有保存友米聚合 token，请在账号设置里填写',
  });
}

/** Shorthand for a bad field in something the agent is about to send. */
export function invalid(field: string, zh: string, en: string): AppError {
  return new AppError({ code: 'VALIDATION', message: en, messageZh: zh, details: { field } });
}
