// How the app shows a moment: in the agent's local time, today → HH:mm, this year → MM-DD HH:mm,
// earlier → YYYY-MM-DD. `now` is a parameter so tests need no fake clock.
const pad = (n: number) => String(n).padStart(2, '0');

export function formatWhen(at: number, now: number = Date.now()): string {
  const d = new Date(at);
  const today = new Date(now);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.getFullYear() !== today.getFullYear()) return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (d.getMonth() === today.getMonth() && d.getDate() === today.getDate()) return hm;
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** A full local timestamp for tooltips and the health panel: YYYY-MM-DD HH:mm:ss. */
export function formatFullTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
