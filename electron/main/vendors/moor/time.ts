// 7moor speaks China local time (UTC+8, no daylight saving) without a zone, and its `ts` fields
// come as seconds in one place and milliseconds in another. Everything inside the app is UTC ms.

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

// "2019-06-26 11:01:49", "2019-06-26T11:01:49", "2019/06/26 11:01", "2019-06-26"
const LOCAL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/** China-local "yyyy-MM-dd HH:mm:ss" (or a date alone) → UTC epoch ms; undefined when it is not a time. */
export function chinaLocalToEpochMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = LOCAL_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, Number(frac.padEnd(3, '0')));
  // Date.UTC rolls 2019-02-31 over into March; the vendor never means that.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc - CHINA_OFFSET_MS;
}

/** UTC epoch ms → China-local "yyyy-MM-dd HH:mm:ss", the form 7moor's start/end filters take. */
export function epochMsToChinaLocal(ms: number): string {
  const local = new Date(ms + CHINA_OFFSET_MS);
  return `${chinaDate(ms)} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
}

/** UTC epoch ms → the China-local calendar day "yyyy-MM-dd". */
export function chinaDate(ms: number): string {
  const local = new Date(ms + CHINA_OFFSET_MS);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}

/** The UTC ms at which the China-local day containing `ms` began. */
export function chinaStartOfDay(ms: number): number {
  const day = 24 * 60 * 60 * 1000;
  return Math.floor((ms + CHINA_OFFSET_MS) / day) * day - CHINA_OFFSET_MS;
}

// Below 1e11 a value can only be seconds: 1e11 ms is March 1973, 1e11 s is the year 5138.
const SECONDS_CEILING = 1e11;

/** A vendor `ts` (number or numeric string, seconds or ms) → epoch ms; undefined when unusable. */
export function vendorTsToEpochMs(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Math.round(n < SECONDS_CEILING ? n * 1000 : n);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
