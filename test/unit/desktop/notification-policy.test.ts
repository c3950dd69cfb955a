import { describe, expect, it } from 'vitest';
import { decideNotifications, type InboundMessage } from '../../../electron/main/desktop/notification-policy';
import {
  describePause,
  isPaused,
  isDoNotDisturb,
  pauseUntil,
  readNotificationPrefs,
  type NotificationPrefs,
} from '../../../electron/main/desktop/notification-prefs';

// Local-time constructors keep every test independent of the machine's time zone.
const at = (hour: number, minute = 0, day = 22) => new Date(2026, 10, day, hour, minute);
const prefs = (patch: Partial<NotificationPrefs> = {}): NotificationPrefs => ({ ...readNotificationPrefs({}), ...patch });
const away = { windowFocused: false, openConversationId: null };

let seq = 0;
function message(patch: Partial<InboundMessage> = {}): InboundMessage {
  seq++;
  return {
    conversationId: `c${seq}`,
    accountId: 'youmi-1',
    customerName: `客户${seq}`,
    preview: `你好，第 ${seq} 条`,
    sentAt: 1_700_000_000_000 + seq,
    ...patch,
  };
}

describe('decideNotifications', () => {
  it('tells the agent about each new customer message, title the customer, body the preview', () => {
    const m = message({ customerName: '王女士', preview: '价格还能再优惠吗？', conversationId: 'conv-wang' });
    const decision = decideNotifications([m], { now: at(10), focus: away, prefs: prefs(), language: 'zh' });
    expect(decision.notifications).toEqual([{ title: '王女士', body: '价格还能再优惠吗？', silent: false, conversationId: 'conv-wang' }]);
    expect(decision.heldBecause).toBeNull();
  });

  it('stays quiet about the conversation the agent is reading, but not about others', () => {
    const open = message({ conversationId: 'open' });
    const other = message({ conversationId: 'other' });
    const focus = { windowFocused: true, openConversationId: 'open' };
    const decision = decideNotifications([open, other], { now: at(10), focus, prefs: prefs(), language: 'zh' });
    expect(decision.notifications.map((n) => n.conversationId)).toEqual(['other']);
    // The window is in front of the agent: no flashing.
    expect(decision.flashTaskbar).toBe(false);
  });

  it('still notifies about the open conversation when the window is not focused', () => {
    const open = message({ conversationId: 'open' });
    const decision = decideNotifications([open], {
      now: at(10),
      focus: { windowFocused: false, openConversationId: 'open' },
      prefs: prefs(),
      language: 'zh',
    });
    expect(decision.notifications).toHaveLength(1);
    expect(decision.flashTaskbar).toBe(true);
  });

  it('groups a burst into one summary counting messages and customers', () => {
    const burst = [message({ conversationId: 'a' }), message({ conversationId: 'a' }), message({ conversationId: 'b' }), message({ conversationId: 'c' })];
    const zh = decideNotifications(burst, { now: at(10), focus: away, prefs: prefs(), language: 'zh' });
    expect(zh.notifications).toEqual([{ title: '工作手机助手', body: '4 条新消息，来自 3 位客户', silent: false }]);
    const en = decideNotifications(burst, { now: at(10), focus: away, prefs: prefs(), language: 'en' });
    expect(en.notifications[0]?.body).toBe('4 new messages from 3 customers');
  });

  it('a burst from one customer is summarised under that customer and opens the conversation', () => {
    const burst = Array.from({ length: 5 }, () => message({ conversationId: 'solo', customerName: '李先生' }));
    const decision = decideNotifications(burst, { now: at(10), focus: away, prefs: prefs(), language: 'zh' });
    expect(decision.notifications).toEqual([{ title: '李先生', body: '5 条新消息', silent: false, conversationId: 'solo' }]);
  });

  it('three at once stay separate, oldest first, and only the first one chimes', () => {
    const [a, b, c] = [message({ sentAt: 3 }), message({ sentAt: 1 }), message({ sentAt: 2 })];
    const decision = decideNotifications([a!, b!, c!], { now: at(10), focus: away, prefs: prefs(), language: 'zh' });
    expect(decision.notifications.map((n) => n.title)).toEqual([b!.customerName, c!.customerName, a!.customerName]);
    expect(decision.notifications.map((n) => n.silent)).toEqual([false, true, true]);
  });

  it('hides message text when privacy is on, in the agent language', () => {
    const m = message({ preview: '身份证号 110101199003070000' });
    const zh = decideNotifications([m], { now: at(10), focus: away, prefs: prefs({ hideContent: true }), language: 'zh' });
    expect(zh.notifications[0]?.body).toBe('新消息');
    expect(JSON.stringify(zh)).not.toContain('110101');
    const en = decideNotifications([m], { now: at(10), focus: away, prefs: prefs({ hideContent: true }), language: 'en' });
    expect(en.notifications[0]?.body).toBe('New message');
  });

  it('plays no sound when sound is off', () => {
    const decision = decideNotifications([message()], { now: at(10), focus: away, prefs: prefs({ sound: false }), language: 'zh' });
    expect(decision.notifications[0]?.silent).toBe(true);
  });

  it('skips muted accounts and keeps the rest', () => {
    const muted = message({ accountId: 'zhuge-1' });
    const kept = message({ accountId: 'youmi-1' });
    const decision = decideNotifications([muted, kept], { now: at(10), focus: away, prefs: prefs({ mutedAccounts: ['zhuge-1'] }), language: 'zh' });
    expect(decision.notifications.map((n) => n.conversationId)).toEqual([kept.conversationId]);
  });

  it('holds everything back during do-not-disturb hours that span midnight', () => {
    const quiet = prefs({ dnd: { enabled: true, start: '22:00', end: '08:00' } });
    for (const time of [at(22), at(23, 59), at(0, 30), at(7, 59)]) {
      const decision = decideNotifications([message()], { now: time, focus: away, prefs: quiet, language: 'zh' });
      expect(decision).toEqual({ notifications: [], flashTaskbar: false, heldBecause: 'doNotDisturb' });
    }
    for (const time of [at(8), at(12), at(21, 59)]) {
      expect(decideNotifications([message()], { now: time, focus: away, prefs: quiet, language: 'zh' }).notifications).toHaveLength(1);
    }
  });

  it('holds everything back while paused, and notifies again once the pause ends', () => {
    const paused = prefs({ pausedUntil: at(11).getTime() });
    expect(decideNotifications([message()], { now: at(10, 59), focus: away, prefs: paused, language: 'zh' }).heldBecause).toBe('paused');
    expect(decideNotifications([message()], { now: at(11), focus: away, prefs: paused, language: 'zh' }).notifications).toHaveLength(1);
  });

  it('holds everything back when notifications are switched off', () => {
    const decision = decideNotifications([message()], { now: at(10), focus: away, prefs: prefs({ enabled: false }), language: 'zh' });
    expect(decision.heldBecause).toBe('off');
  });

  it('flashes the taskbar only when unfocused and only if the agent wants it', () => {
    expect(decideNotifications([message()], { now: at(10), focus: away, prefs: prefs(), language: 'zh' }).flashTaskbar).toBe(true);
    expect(decideNotifications([message()], { now: at(10), focus: away, prefs: prefs({ flashTaskbar: false }), language: 'zh' }).flashTaskbar).toBe(false);
  });

  it('cleans vendor text: no control or bidi characters, one line, bounded, emoji kept whole', () => {
    const m = message({ customerName: '\u202e王\u0000女士\n', preview: `第一行\r\n第二行\u200b ${'很长'.repeat(100)}😀` });
    const [n] = decideNotifications([m], { now: at(10), focus: away, prefs: prefs(), language: 'zh' }).notifications;
    expect(n?.title).toBe('王 女士');
    expect(n?.body.startsWith('第一行 第二行 很长')).toBe(true);
    expect([...n!.body]).toHaveLength(120);
    expect(n?.body.endsWith('…')).toBe(true);
    const emoji = decideNotifications([message({ preview: '😀'.repeat(200) })], { now: at(10), focus: away, prefs: prefs(), language: 'zh' });
    expect(emoji.notifications[0]?.body).toBe(`${'😀'.repeat(119)}…`);
  });

  it('falls back to "客户" and "新消息" when the vendor sent blanks', () => {
    const [n] = decideNotifications([message({ customerName: '  ', preview: '' })], { now: at(10), focus: away, prefs: prefs(), language: 'zh' }).notifications;
    expect(n).toMatchObject({ title: '客户', body: '新消息' });
  });
});

describe('pause and do-not-disturb hours', () => {
  it('pauses for one hour', () => {
    expect(pauseUntil('oneHour', at(10, 15))).toBe(at(11, 15).getTime());
  });

  it('pauses until 08:00 tomorrow, or this morning when it is already past midnight', () => {
    expect(pauseUntil('untilTomorrow', at(14))).toBe(at(8, 0, 23).getTime());
    expect(pauseUntil('untilTomorrow', at(23, 30))).toBe(at(8, 0, 23).getTime());
    expect(pauseUntil('untilTomorrow', at(1, 30))).toBe(at(8, 0, 22).getTime());
  });

  it('resume clears the pause', () => {
    expect(pauseUntil('resume', at(10))).toBeUndefined();
    expect(isPaused({ pausedUntil: undefined }, at(10))).toBe(false);
  });

  it('do-not-disturb within one day, and equal ends meaning none', () => {
    const lunch = { enabled: true, start: '12:00', end: '13:30' };
    expect(isDoNotDisturb(lunch, at(12, 45))).toBe(true);
    expect(isDoNotDisturb(lunch, at(13, 30))).toBe(false);
    expect(isDoNotDisturb({ enabled: true, start: '09:00', end: '09:00' }, at(9))).toBe(false);
    expect(isDoNotDisturb({ ...lunch, enabled: false }, at(12, 45))).toBe(false);
  });

  it('describes the pause end for the tray', () => {
    expect(describePause(at(11, 5).getTime(), at(10), 'zh')).toBe('通知已暂停至 11:05');
    expect(describePause(at(8, 0, 23).getTime(), at(22), 'en')).toBe('Notifications paused until tomorrow 08:00');
  });

  it('reads damaged settings field by field, keeping what is valid', () => {
    const read = readNotificationPrefs({ sound: 'loud', hideContent: true, dnd: { enabled: true, start: '25:00', end: '08:00' }, pausedUntil: -5 });
    expect(read).toEqual({
      enabled: true,
      sound: true,
      hideContent: true,
      dnd: { enabled: false, start: '22:00', end: '08:00' },
      pausedUntil: undefined,
      mutedAccounts: [],
      flashTaskbar: true,
    });
    expect(readNotificationPrefs(null)).toEqual(readNotificationPrefs({}));
  });
});
