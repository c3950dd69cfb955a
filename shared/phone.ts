// A Chinese phone number as the work phone dials it: the digits only, national form. A link
// clicked in a browser CRM or an e-mail may write it as "+86-138 0013 8000", "0086 138…",
// "(010) 8888-8888" or in full-width digits typed with a Chinese IME; all of those are one number.
import { appError, type AppError } from './errors';

export type PhoneKind = 'mobile' | 'landline' | 'service';

export interface ChinesePhone {
  /** Digits only: 13800138000, 01088888888, 4008001234. */
  digits: string;
  kind: PhoneKind;
  /** For the confirmation dialog: 138 0013 8000, 010-88888888, 400-800-1234. */
  display: string;
}

export type PhoneResult = { ok: true; phone: ChinesePhone } | { ok: false; error: AppError };

const refuse = (reason: string, zh: string, en: string): PhoneResult => ({
  ok: false,
  error: appError('VALIDATION', zh, en, { reason }),
});

/**
 * Full-width forms from a Chinese IME and the usual dash look-alikes, mapped one by one. Nothing
 * else outside ASCII is accepted: Arabic-Indic, circled or mathematical digits are refused rather
 * than folded, because a number that only looks right must never be dialled.
 */
function asciiSeparatorsAndDigits(text: string): string | null {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 0x30);
    else if (code === 0xff0b) out += '+';
    else if (code === 0xff08) out += '(';
    else if (code === 0xff09) out += ')';
    else if (code === 0xff0d || code === 0x2212 || (code >= 0x2010 && code <= 0x2015)) out += '-';
    else if (code === 0x3000 || code === 0xa0) out += ' ';
    else if (code < 0x80) out += ch;
    else return null;
  }
  return out;
}

const MOBILE = /^1[3-9]\d{9}$/;
const SERVICE = /^[48]00\d{7}$/;
// Three-digit area codes are 010 and 02x; the rest are four digits with 7- or 8-digit numbers.
const LANDLINE = /^(?:0(?:10|2\d)\d{8}|0[3-9]\d{2}\d{7,8})$/;

function display(digits: string, kind: PhoneKind): string {
  if (kind === 'mobile') return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  if (kind === 'service') return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  const areaLength = /^0(?:10|2\d)/.test(digits) ? 3 : 4;
  return `${digits.slice(0, areaLength)}-${digits.slice(areaLength)}`;
}

export function normalizeChinesePhone(raw: string): PhoneResult {
  const text = asciiSeparatorsAndDigits(raw.trim());
  if (text === null || !/^[0-9+\-(). ]*$/.test(text)) {
    return refuse('BAD_CHARACTER', '号码里有无法识别的字符', 'The number contains characters that are not part of a phone number');
  }
  if (text.lastIndexOf('+') > 0) {
    return refuse('BAD_CHARACTER', '号码格式不对：“+”只能出现在最前面', 'Only the leading "+" of a country code is allowed in a number');
  }
  const all = text.replace(/\D/g, '');
  if (all.length === 0) return refuse('EMPTY', '链接里没有号码', 'The link has no phone number');
  if (all.length > 16) {
    return refuse('TOO_MANY_DIGITS', '号码太长，可能包含了多个号码', 'Too many digits: this may be more than one number');
  }

  let national = all;
  let international = false;
  if (text.startsWith('+')) {
    if (!all.startsWith('86')) {
      return refuse('NOT_CHINA', '工作手机只能拨打中国大陆号码', 'The work phone can only dial numbers in mainland China');
    }
    national = all.slice(2);
    international = true;
  } else if (all.startsWith('0086')) {
    national = all.slice(4);
    international = true;
  } else if (all.length === 13 && /^861[3-9]/.test(all)) {
    national = all.slice(2);
  }
  // Written internationally, a landline drops its trunk 0: +86 10 8888 8888 is 010-8888 8888.
  if (international && !national.startsWith('0') && !MOBILE.test(national) && !SERVICE.test(national)) {
    national = `0${national}`;
  }

  const kind: PhoneKind | null = MOBILE.test(national)
    ? 'mobile'
    : SERVICE.test(national)
      ? 'service'
      : LANDLINE.test(national)
        ? 'landline'
        : null;
  if (!kind) {
    if (/^\d{7,8}$/.test(national)) {
      return refuse('NO_AREA_CODE', '座机号码需要带区号，例如 010-88888888', 'A landline needs its area code, e.g. 010-88888888');
    }
    return refuse('NOT_A_PHONE_NUMBER', '这不是一个有效的手机或座机号码', 'This is not a valid mobile or landline number');
  }
  return { ok: true, phone: { digits: national, kind, display: display(national, kind) } };
}
