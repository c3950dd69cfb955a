import { describe, expect, it } from 'vitest';
import { badgeCount, badgeText, trayTooltip, unreadDescription } from '../../../electron/main/desktop/badge';

describe('badge from the unread totals', () => {
  it.each([
    [0, ''],
    [1, '1'],
    [42, '42'],
    [99, '99'],
    [100, '99+'],
    [12345, '99+'],
    [-3, ''],
    [Number.NaN, ''],
    [2.7, '2'],
  ])('total %s shows %j', (total, text) => {
    expect(badgeText(total)).toBe(text);
  });

  it('gives the OS a whole, non-negative count (0 clears it)', () => {
    expect(badgeCount(150)).toBe(150);
    expect(badgeCount(0)).toBe(0);
    expect(badgeCount(-1)).toBe(0);
    expect(badgeCount(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('describes the count for screen readers', () => {
    expect(unreadDescription(0, 'zh')).toBe('没有未读消息');
    expect(unreadDescription(3, 'zh')).toBe('3 条未读消息');
    expect(unreadDescription(1, 'en')).toBe('1 unread message');
    expect(unreadDescription(7, 'en')).toBe('7 unread messages');
  });
});

describe('tray tooltip', () => {
  it('names the app and the total; one account adds nothing more', () => {
    const tip = trayTooltip({ total: 5, perAccount: { a: 5 } }, 'zh', () => '销售一号');
    expect(tip).toBe('工作手机助手\n5 条未读消息');
  });

  it('breaks the total down by account, busiest first, at most four, then the rest', () => {
    const labels: Record<string, string> = { a: '企微客服', b: '销售一号', d: '公众号', e: 'E', f: 'F' };
    const perAccount = { a: 2, b: 120, c: 1, d: 0, e: 3, f: 4 };
    const tip = trayTooltip({ total: 130, perAccount }, 'en', (id) => labels[id]);
    expect(tip.split('\n')).toEqual(['WorkPhone Desk', '130 unread messages', '销售一号: 99+', 'F: 4', 'E: 3', '企微客服: 2', 'and 1 more accounts']);
    // An account without a label is shown by its id.
    expect(trayTooltip({ total: 3, perAccount: { a: 2, 'youmi-7': 1 } }, 'zh', (id) => labels[id])).toContain('youmi-7: 1');
  });

  it('says when notifications are paused and stays within the Windows 127-character limit', () => {
    const perAccount = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`${i}`, 10]));
    const tip = trayTooltip({ total: 40, perAccount }, 'zh', () => '很长的账号名称'.repeat(5), '通知已暂停至 09:30');
    expect([...tip].length).toBeLessThanOrEqual(127);
    const short = trayTooltip({ total: 0, perAccount: {} }, 'zh', () => undefined, '通知已暂停至 09:30');
    expect(short).toBe('工作手机助手\n没有未读消息\n通知已暂停至 09:30');
  });
});
