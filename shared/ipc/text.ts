// The one rule for text and addresses that come in from the renderer, a form or a file: what a
// label, a note or a reply may hold, and what a base URL must look like. Every schema in the
// contract builds its free-text fields from here, so the rule and its wording exist once.
//
// A refused value is reported by a rule key (the issue's message), which the router turns into
// the Chinese and English sentence below — never into the refused text itself.
import { z } from 'zod';

export const INPUT_RULES = {
  'text.control': {
    en: 'must not contain control characters',
    zh: '不能包含控制字符',
  },
  'text.surrogate': {
    en: 'contains a broken character (an unpaired surrogate)',
    zh: '包含无法识别的字符（不成对的代理项）',
  },
  'text.bidi': {
    en: 'must not contain characters that reverse the text direction',
    zh: '不能包含改变文字方向的控制字符',
  },
  'url.http': {
    en: 'must be a complete http:// or https:// address, such as https://api.example.com',
    zh: '必须是完整的 http:// 或 https:// 地址，例如 https://api.example.com',
  },
  'url.credentials': {
    en: 'must not contain a user name or password (secrets have their own field and go to the keychain)',
    zh: '地址中不能包含用户名或密码（密钥请填在密钥一栏，它只保存在系统钥匙串中）',
  },
  'url.query': {
    en: 'must not have a "?" query or a "#" part; stop at the host or path',
    zh: '不能带“?”或“#”后面的参数，只填到域名或路径为止',
  },
  'url.https': {
    en: 'must start with https:// (only a simulator on this computer may use http://127.0.0.1)',
    zh: '必须以 https:// 开头（只有本机的模拟服务可以用 http://127.0.0.1）',
  },
} as const;

export type InputRule = keyof typeof INPUT_RULES;

export function isInputRule(value: unknown): value is InputRule {
  return typeof value === 'string' && Object.hasOwn(INPUT_RULES, value);
}

/**
 * Why a text cannot be kept, or undefined when it can. `multiline` allows line feeds and tabs
 * (a reply, a note); anything else below U+0020, DEL and the C1 controls are refused, as are
 * unpaired surrogates (they break SQLite's UTF-8 and every JSON consumer) and the embedding /
 * override / isolate controls that make a label read differently from what it holds.
 */
export function textProblem(text: string, multiline: boolean): InputRule | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) {
      if (multiline && (c === 0x0a || c === 0x09)) continue;
      return 'text.control';
    }
    if (c >= 0x7f && c <= 0x9f) return 'text.control';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'text.surrogate';
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'text.surrogate';
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return 'text.bidi';
  }
  return undefined;
}

function checkText(multiline: boolean) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = textProblem(value, multiline);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

interface Bounds {
  min?: number;
  max: number;
}

/** A name, a label, a title, a query: one line, trimmed. */
export function singleLine({ min = 0, max }: Bounds) {
  let schema = z.string().trim();
  if (min > 0) schema = schema.min(min);
  return schema.max(max).superRefine(checkText(false));
}

/** A reply, a note, a draft: line breaks kept (CR LF and CR become LF), trimmed at both ends. */
export function multiLine({ min = 0, max, trim = true }: Bounds & { trim?: boolean }) {
  let schema = z.string().overwrite((value) => value.replace(/\r\n?/g, '\n'));
  if (trim) schema = schema.trim();
  if (min > 0) schema = schema.min(min);
  return schema.max(max).superRefine(checkText(true));
}

// scheme "://" authority, then optionally a path, query or fragment. No white space or
// backslash anywhere: browsers read "\" as "/" and would see another host than we check.
const HTTP_ADDRESS = /^https?:\/\/([^\s/?#\\]+)([/?#][^\s\\]*)?$/i;
const HOST_AND_PORT = /^(?:\[[0-9a-f:.]+\]|[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.?)(?::(\d{1,5}))?$/iu;

/** Why an address is not an absolute http(s) URL we may call or open, or undefined when it is. */
export function httpUrlProblem(value: string): InputRule | undefined {
  const text = textProblem(value, false);
  if (text) return text;
  const match = HTTP_ADDRESS.exec(value);
  if (!match) return 'url.http';
  const authority = match[1]!;
  if (authority.includes('@')) return 'url.credentials';
  const host = HOST_AND_PORT.exec(authority);
  if (!host) return 'url.http';
  if (host[1] !== undefined && Number(host[1]) > 65535) return 'url.http';
  return undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A vendor's base URL: on top of the http(s) rule, https only, because a token travels in every
 * request (plain http only to this computer: the demo simulators, a local proxy); and no query or
 * fragment, where a pasted token would end up stored with the URL.
 */
export function vendorBaseUrlProblem(value: string): InputRule | undefined {
  const problem = httpUrlProblem(value);
  if (problem) return problem;
  if (/[?#]/.test(value)) return 'url.query';
  const [, scheme, authority] = /^(https?):\/\/([^/]+)/i.exec(value)!;
  const host = authority!.replace(/:\d+$/, '').toLowerCase();
  if (scheme!.toLowerCase() === 'http' && !LOOPBACK_HOSTS.has(host)) return 'url.https';
  return undefined;
}

function checkedUrl(max: number, problemOf: (value: string) => InputRule | undefined) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const problem = problemOf(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** An absolute http(s) address: a link or a media URL the agent sends. */
export function httpUrl({ max }: { max: number }) {
  return checkedUrl(max, httpUrlProblem);
}

/** Where a vendor account is reached (see vendorBaseUrlProblem). */
export function vendorBaseUrl({ max }: { max: number }) {
  return checkedUrl(max, vendorBaseUrlProblem);
}
