// Reading a tel: or workphone: link handed to us by the operating system. The link comes from any
// web page or e-mail on the PC, so it is hostile until proven otherwise: anything that is not one
// clean Chinese phone number is refused, and the refusal never echoes the link back.
import { appError, type AppError } from '@shared/errors';
import type { DialScheme } from './app-identity';
import { isInvisibleCharacter } from './notification-policy';
import { normalizeChinesePhone, type ChinesePhone } from '@shared/phone';

export interface DialLink extends ChinesePhone {
  scheme: DialScheme;
  /** Extension to key in after the call connects (";ext=" or "&ext="). */
  extension?: string;
}

export type DialLinkResult = { ok: true; link: DialLink } | { ok: false; error: AppError };

/** Real phone links are short; a long one is a payload, not a number. */
export const MAX_LINK_LENGTH = 256;

const refusal = (reason: string, zh: string, en: string): DialLinkResult => ({
  ok: false,
  error: appError('VALIDATION', zh, en, { reason }),
});
const unreadable = () => refusal('MALFORMED', '无法识别这个拨号链接', 'This dialling link could not be read');

function decode(component: string, plusIsSpace: boolean): string | null {
  // In a query value "+" may mean a space (form encoding) except as the country-code prefix.
  const spaced = plusIsSpace ? component.replace(/(?!^)\+/g, ' ') : component;
  let decoded: string;
  try {
    decoded = decodeURIComponent(spaced);
  } catch {
    return null;
  }
  // Decoded once only: a "%" left over means double encoding, which no honest link needs.
  if (decoded.includes('%')) return null;
  for (const ch of decoded) if (isInvisibleCharacter(ch.codePointAt(0)!)) return null;
  return decoded;
}

function extensionFrom(value: string | null): string | null {
  const digits = value?.replace(/[\s-]/g, '') ?? '';
  return /^\d{1,8}$/.test(digits) ? digits : null;
}

/** RFC 3966 subscriber: number;ext=…;phone-context=… */
function readSubscriber(scheme: DialScheme, subscriber: string): DialLinkResult {
  const [numberPart = '', ...params] = subscriber.split(';');
  let extension: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    const key = (eq < 0 ? param : param.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? null : decode(param.slice(eq + 1), false);
    if (key === 'ext') {
      const ext = extensionFrom(value);
      if (ext === null || extension !== undefined) return refusal('BAD_EXTENSION', '分机号不正确', 'The extension is not valid');
      extension = ext;
    } else if (key === 'phone-context' || key === 'isub') {
      if (value === null || !/^[0-9A-Za-z+.-]{1,32}$/.test(value)) return unreadable();
    } else {
      return unreadable();
    }
  }
  const number = decode(numberPart, false);
  if (number === null) return unreadable();
  return linkTo(scheme, number, extension);
}

function linkTo(scheme: DialScheme, number: string, extension: string | undefined): DialLinkResult {
  const phone = normalizeChinesePhone(number);
  if (!phone.ok) return phone;
  return { ok: true, link: { scheme, ...phone.phone, ...(extension ? { extension } : {}) } };
}

/** workphone://dial?phone=…&ext=…, workphone://dial/…, workphone:dial/… */
function readWorkphone(rest: string): DialLinkResult {
  const path = rest.replace(/^\/\//, '');
  const queryAt = path.indexOf('?');
  const route = queryAt < 0 ? path : path.slice(0, queryAt);
  const [action = '', ...segments] = route.split('/');
  if (action.toLowerCase() !== 'dial') {
    return refusal('UNSUPPORTED_ACTION', '这个链接不是拨号链接', 'This workphone: link is not a dialling link');
  }
  const pathNumber = segments.filter((s) => s !== '');
  if (pathNumber.length > 1) return refusal('MANY_NUMBERS', '一个链接只能拨一个号码', 'A link can dial only one number');

  const query = queryAt < 0 ? '' : path.slice(queryAt + 1);
  const phones: string[] = [];
  const extensions: string[] = [];
  for (const pair of query.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), true)?.toLowerCase();
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1), true);
    if (key === undefined || value === null) return unreadable();
    if (key === 'phone') phones.push(value);
    else if (key === 'ext') extensions.push(value);
    // Other keys (a CRM's tracking tags) are never used, so they cannot do harm.
  }
  if (phones.length + pathNumber.length > 1 || extensions.length > 1) {
    return refusal('MANY_NUMBERS', '一个链接只能拨一个号码', 'A link can dial only one number');
  }
  let extension: string | undefined;
  if (extensions.length > 0) {
    const ext = extensionFrom(extensions[0] ?? null);
    if (ext === null) return refusal('BAD_EXTENSION', '分机号不正确', 'The extension is not valid');
    extension = ext;
  }
  const fromQuery = phones[0];
  if (fromQuery !== undefined) return linkTo('workphone', fromQuery, extension);
  const link = readSubscriber('workphone', pathNumber[0] ?? '');
  if (!link.ok || extension === undefined) return link;
  if (link.link.extension) return refusal('BAD_EXTENSION', '分机号不正确', 'The extension is not valid');
  return { ok: true, link: { ...link.link, extension } };
}

export function parseDialLink(input: unknown): DialLinkResult {
  if (typeof input !== 'string') return unreadable();
  const url = input.trim();
  if (url.length > MAX_LINK_LENGTH) return refusal('TOO_LONG', '链接太长，不像是电话号码', 'The link is too long to be a phone number');
  for (const ch of url) if (isInvisibleCharacter(ch.codePointAt(0)!)) return unreadable();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'tel' && scheme !== 'workphone') {
    return refusal('NOT_A_PHONE_LINK', '只能打开电话链接（tel: 或 workphone:）', 'Only phone links (tel: or workphone:) can be opened');
  }
  const rest = url.slice(scheme.length + 1);
  if (rest.includes('#')) return unreadable();
  if (scheme === 'workphone') return readWorkphone(rest);
  // tel: carries no query; "tel://" is wrong but common in CRMs, so the slashes are forgiven.
  if (rest.includes('?')) return unreadable();
  return readSubscriber('tel', rest.replace(/^\/\//, ''));
}
