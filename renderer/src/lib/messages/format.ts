// Small formatters for what the inbox shows: chat times, sizes, durations, safe links.
import { formatWhen } from '../ui/when';

const pad = (n: number) => String(n).padStart(2, '0');

/** Like formatWhen, but always with the clock time: for the separators inside a chat. */
export function formatChatTime(at: number, now: number = Date.now()): string {
  const short = formatWhen(at, now);
  if (short.length !== 10) return short;
  const d = new Date(at);
  return `${short} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** 7 → 0:07, 75 → 1:15, 3725 → 1:02:05 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Only http(s) links may be opened or shown as links; everything else stays text. */
export function httpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
