// Vendor payloads kept because a decoder could not read them leave the app only redacted, at two
// levels.
//
// scrubSecrets runs before a sample is stored: every value under a secret-looking key and every
// secret the app knows (the logger's registry) becomes "***", so the cache never holds a token,
// even when a vendor answer echoes one in a shape nobody expected.
//
// redactSample runs when a sample is shown or copied for a bug report. It masks what identifies
// people or accounts (phone numbers keep their shape, 138****5678; names, WeChat ids, free text,
// long ids, addresses, URL paths and query values are masked) and keeps what a developer needs
// to fix the decoder: every key, every JSON type, type codes and flags, times, and the formats
// hidden in strings (JSON inside a string, URL-encoded JSON, WeChat XML tags, Youmi's imgs[…] and
// a(…)[…] markers, WeChat id affixes such as wxid_ and @chatroom, URL hosts and file suffixes).
import { scrub } from '../log/logger';

const MASK = '*';
const SECRET = '***';

/** Names under which a value is a credential, whatever it looks like. */
const SECRET_KEY = /token|secret|passw(?:or)?d|^pwd$|authori[sz]ation|rand_?str|signature|^sign$|api_?key|cookie|session_?id|credential/i;
/** Names under which a short identifier is a code the decoder branches on, not data about anyone. */
const CODE_KEY = /(?:type|kind|status|state|sate|code|format|mode|scene|sceneid|version|level|direction|relation|issend|succeed|errmsg)$|^is[A-Z_]/i;
/** Names under which a 10- or 13-digit number is a time (epoch seconds or ms), kept for the decoder's sake. */
const TIME_KEY = /(?:time|date|stamp)$|^ts$|_at$/i;
const TIME_KEY_CAMEL = /[a-z]At$/;
const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,40}$/;
const TIME = /^\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/i;
const PHONE_LIKE = /^\+?[\d\s\-()]+$/;
/** A mainland mobile number inside other text, with an optional +86 / 0086 in front. */
const MOBILE_IN_TEXT = /(?<!\d)((?:\+|00)?86[\s-]?)?(1[3-9]\d)([\s-]?)(\d{4})([\s-]?)(\d{4})(?!\d)/g;
const URL_LIKE = /^(?:https?:)?\/\/[^\s]+$/i;
const RELATIVE_PATH = /^[\w.-]+(?:\/[\w.-]+)+$/;
const YOUMI_BRACKETED = /^(imgs|audioT|audio|MP|file|video)\[([\s\S]*)\]$/;
const YOUMI_LINK = /^a\(([\s\S]*?)\)(?:\[([\s\S]*)\])?$/;
const WECHAT_PREFIX = /^(?:wxid_|gh_)/;
const WECHAT_SUFFIX = /(?:@chatroom|@openim|_hd)$/;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

// ---------------------------------------------------------------------------------------------
// Before storing: secrets out, everything else as received

/** The payload with every credential replaced by "***"; unchanged text when it holds none. */
export function scrubSecrets(text: string): string {
  const parsed = parseJson(text);
  let out = text;
  if (parsed.ok) {
    const state = { changed: false };
    const scrubbed = scrubValue(parsed.value, undefined, state);
    if (state.changed) out = JSON.stringify(scrubbed);
  }
  // Query strings, header lines and JSON fields in text that is not JSON, and every known secret anywhere.
  return scrub(out);
}

function scrubValue(value: unknown, key: string | undefined, state: { changed: boolean }): unknown {
  if (key !== undefined && isSecretKey(key) && value !== null && value !== '') {
    state.changed = true;
    return SECRET;
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, key, state));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, k, state)]));
  }
  if (typeof value === 'string') {
    const inner = jsonInString(value);
    if (inner !== undefined) {
      const innerState = { changed: false };
      const scrubbed = scrubValue(inner, undefined, innerState);
      if (innerState.changed) {
        state.changed = true;
        return JSON.stringify(scrubbed);
      }
    }
  }
  return value;
}

/** Keeps at most `max` characters, saying how many were left out. */
export function capSample(text: string, max = 16_384): string {
  if (text.length <= max) return text;
  let end = max;
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  return `${text.slice(0, end)}… [${text.length - end} more characters]`;
}

// ---------------------------------------------------------------------------------------------
// Before showing or copying: people masked, structure kept

/** A sample a user may paste into a bug report. */
export function redactSample(text: string, maxChars = 6_000): string {
  const parsed = parseJson(text);
  const redacted = parsed.ok && parsed.value !== null && typeof parsed.value === 'object' ? JSON.stringify(redactValue(parsed.value), null, 2) : redactLoose(text);
  return capSample(scrub(redacted), maxChars);
}

function redactValue(value: unknown, key?: string): unknown {
  if (value === null || value === '' || typeof value === 'boolean') return value;
  if (key !== undefined && isSecretKey(key)) return SECRET;
  if (typeof value === 'number') return redactNumber(value, key);
  if (typeof value === 'string') return redactString(value, key);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [redactKey(k), redactValue(v, k)]));
  }
  return String(value);
}

function isCodeKey(key: string | undefined): boolean {
  return key !== undefined && CODE_KEY.test(key);
}

/** Keys stay, unless one is itself a number that could be somebody's (a map keyed by phone). */
function redactKey(key: string): string {
  return key.replace(/\d{7,}/g, (digits) => maskDigits(digits, MASK));
}

/** Epoch seconds or milliseconds (2001–2103) under a time's name: a time, not somebody's number. */
function isTimestamp(abs: number, key: string | undefined): boolean {
  const timeKey = key !== undefined && (TIME_KEY.test(key) || TIME_KEY_CAMEL.test(key));
  return timeKey && ((abs >= 1e9 && abs < 4.2e9) || (abs >= 1e12 && abs < 4.2e12));
}

function redactNumber(value: number, key: string | undefined): number {
  if (!Number.isFinite(value) || isCodeKey(key)) return value;
  // Fractions (amounts, coordinates) keep their magnitude only.
  const whole = Math.round(value);
  const abs = Math.abs(whole);
  if (abs < 1_000_000 || isTimestamp(abs, key)) return whole;
  // Still a number of as many digits: 13812345678 → 13800005678.
  return Math.sign(whole) * Number(maskDigits(String(abs), '0'));
}

/** 11 digits or more keep the first 3 and last 4 (a mobile's shape); 7–10 keep 2 and 2. */
function maskDigits(digits: string, fill: string): string {
  const [head, tail] = digits.length >= 11 ? [3, 4] : [2, 2];
  return digits.slice(0, head) + fill.repeat(digits.length - head - tail) + digits.slice(digits.length - tail);
}

function redactString(value: string, key: string | undefined): string {
  const trimmed = value.trim();
  if (isCodeKey(key) && IDENTIFIER.test(trimmed)) return value;
  const json = jsonInString(value);
  if (json !== undefined) return JSON.stringify(redactValue(json));
  const encoded = urlEncodedJson(trimmed);
  if (encoded !== undefined) return encodeURIComponent(JSON.stringify(redactValue(encoded)));
  if (TIME.test(trimmed)) return value;
  if (PHONE_LIKE.test(trimmed)) return redactDigitString(value, key);
  if (URL_LIKE.test(trimmed)) return redactUrl(value);
  if (RELATIVE_PATH.test(trimmed) && /\.\w{2,5}$/.test(trimmed)) return redactPath(value);
  if (trimmed.startsWith('<') && trimmed.endsWith('>')) return redactXml(value);
  const bracketed = YOUMI_BRACKETED.exec(trimmed);
  if (bracketed) return `${bracketed[1]}[${maskFree(bracketed[2] ?? '')}]`;
  const link = YOUMI_LINK.exec(trimmed);
  if (link) return `a(${redactString(link[1] ?? '', undefined)})${link[2] === undefined ? '' : `[${maskFree(link[2])}]`}`;
  return maskText(value);
}

/** Digits with separators: short codes stay, times stay, longer runs keep their shape. */
function redactDigitString(value: string, key: string | undefined): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return value;
  if (digits.length === value.trim().length && isTimestamp(Number(digits), key)) return value;
  const core = value.replace(MOBILE_IN_TEXT, (...m: string[]) => shapeMobile(m));
  if (core !== value) return core;
  const masked = maskDigits(digits, MASK);
  let i = 0;
  return value.replace(/\d/g, () => masked[i++] ?? MASK);
}

/** "+86 138-1234-5678" → "+86 138-****-5678": country code, prefix and last four stay. */
function shapeMobile(m: string[]): string {
  const [, country = '', prefix = '', sep1 = '', , sep2 = '', last = ''] = m;
  return `${country}${prefix}${sep1}${MASK.repeat(4)}${sep2}${last}`;
}

/** Scheme and host stay (which server, not whose data); path segments and query values are masked, file suffixes kept. */
function redactUrl(value: string): string {
  const match = /^((?:https?:)?\/\/)([^/?#\s]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(value.trim());
  if (!match) return maskText(value);
  const [, scheme = '', host = '', path = '', query = '', fragment = ''] = match;
  const maskedQuery = query.replace(/([?&][^=&]*=)([^&]*)/g, (_, name: string, v: string) => name + (v ? MASK.repeat(Math.min(v.length, 8)) : ''));
  return scheme + host.replace(/^[^@]*@/, `${SECRET}@`) + redactPath(path) + maskedQuery + (fragment ? `#${MASK}` : '');
}

function redactPath(path: string): string {
  return path.replace(/[^/]+/g, (segment) => {
    const suffix = /\.\w{2,5}$/.exec(segment)?.[0] ?? '';
    const stem = segment.slice(0, segment.length - suffix.length);
    return (stem ? MASK.repeat(Math.min(stem.length, 12)) : '') + suffix;
  });
}

/** Tag and attribute names stay; text, CDATA and attribute values go through the string rules. */
function redactXml(xml: string): string {
  return xml
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, inner: string) => `<![CDATA[${redactString(inner, undefined)}]]>`)
    .replace(/(\s[\w:-]+\s*=\s*)"([^"]*)"/g, (_, name: string, v: string) => `${name}"${v === '' ? '' : redactString(v, name.trim().replace(/\s*=\s*$/, ''))}"`)
    .replace(/>([^<]+)</g, (whole, inner: string) => (inner.trim() === '' || inner.startsWith('![CDATA[') ? whole : `>${redactString(inner, undefined)}<`));
}

/** Free text: mobile numbers keep their shape, every other letter and digit becomes *. */
function maskText(value: string): string {
  let out = '';
  let last = 0;
  for (const m of value.matchAll(MOBILE_IN_TEXT)) {
    out += maskFree(value.slice(last, m.index)) + shapeMobile([...m]);
    last = m.index + m[0].length;
  }
  return out + maskFree(value.slice(last));
}

/** Letters and digits masked; punctuation, symbols, spaces and WeChat id affixes kept. */
function maskFree(value: string): string {
  const prefix = WECHAT_PREFIX.exec(value)?.[0] ?? '';
  const suffix = WECHAT_SUFFIX.exec(value.slice(prefix.length))?.[0] ?? '';
  const middle = value.slice(prefix.length, value.length - suffix.length);
  return prefix + middle.replace(/[\p{L}\p{N}]/gu, MASK) + suffix;
}

/**
 * Text that is not whole JSON: an HTML page, or an answer cut off at the sample cap. JSON string
 * literals and numbers in it are still redacted by the rules above (keys known from the literal
 * before a colon); bare words are masked; HTML keeps its tags.
 */
function redactLoose(text: string): string {
  if (text.trimStart().startsWith('<')) return redactXml(text);
  let lastKey: string | undefined;
  return text.replace(/"(?:[^"\\]|\\.)*(?:"|$)|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[\p{L}_][\p{L}\p{N}_]*/gu, (token, offset: number) => {
    if (token.startsWith('"')) {
      const inner = safeJsonString(token);
      if (inner !== undefined && /^\s*:/.test(text.slice(offset + token.length))) {
        lastKey = inner;
        return redactKey(token);
      }
      const value = inner === undefined ? maskFree(token.slice(1)) : JSON.stringify(redactValue(inner, lastKey));
      lastKey = undefined;
      return inner === undefined ? `"${value}` : value;
    }
    if (/^-?\d/.test(token)) {
      const number = Number(token);
      const out = Number.isFinite(number) ? String(redactNumber(number, lastKey)) : maskFree(token);
      lastKey = undefined;
      return out;
    }
    return token === 'true' || token === 'false' || token === 'null' ? token : maskFree(token);
  });
}

// ---------------------------------------------------------------------------------------------

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A string that holds a JSON object or array (7moor's `msg`, for one). */
function jsonInString(value: string): unknown {
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') && trimmed.endsWith('}')) && !(trimmed.startsWith('[') && trimmed.endsWith(']'))) return undefined;
  const parsed = parseJson(trimmed);
  return parsed.ok && parsed.value !== null && typeof parsed.value === 'object' ? parsed.value : undefined;
}

/** Youmi's ad_chatting_resvred: URL-encoded JSON, sometimes encoded twice. */
function urlEncodedJson(value: string): unknown {
  if (!/^%7B/i.test(value)) return undefined;
  let text = value;
  for (let round = 0; round < 3 && !text.startsWith('{'); round++) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  return jsonInString(text);
}

function safeJsonString(literal: string): string | undefined {
  const parsed = parseJson(literal);
  return parsed.ok && typeof parsed.value === 'string' ? parsed.value : undefined;
}
