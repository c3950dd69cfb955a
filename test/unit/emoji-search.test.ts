// The picker's search through the real pinyin-pro dictionary: by name, by pinyin, by initials,
// recent first, and the code lands where the caret was.
import { describe, expect, it } from 'vitest';
import { Settings, DEFAULT_SETTINGS } from '@shared/ipc/settings';
import { WECHAT_EMOJI, WECHAT_EMOJI_PANEL_COUNT } from '@shared/wechat-emoji';
import { emojiInOrder, insertEmoji, RECENT_EMOJI_MAX, searchEmoji, withRecent } from '../../renderer/src/lib/messages/emoji-search';
import { splitEmoji } from '../../renderer/src/lib/messages/emoji';

const names = (query: string, recent: string[] = []) => searchEmoji(query, recent).map((e) => e.name);

describe('WeChat emoji search', () => {
  it('offers the panel set, each name once, and draws every known name as a chip', () => {
    expect(new Set(WECHAT_EMOJI).size).toBe(WECHAT_EMOJI.length);
    expect(emojiInOrder([])).toHaveLength(WECHAT_EMOJI_PANEL_COUNT);
    expect(names('')[0]).toBe('微笑');
    for (const name of WECHAT_EMOJI) expect(splitEmoji(`a[${name}]b`)).toEqual([{ type: 'text', text: 'a' }, { type: 'emoji', text: `[${name}]` }, { type: 'text', text: 'b' }]);
  });

  it('finds 微笑 by its name, its pinyin and its initials', () => {
    expect(names('微笑')[0]).toBe('微笑');
    expect(names('weixiao')[0]).toBe('微笑');
    expect(names('wx')[0]).toBe('微笑');
    expect(names('WX ')[0]).toBe('微笑');
    expect(names('wei xiao')[0]).toBe('微笑');
  });

  it('ranks an exact name first, then names containing the query', () => {
    // A name starting with the query before one merely containing it.
    expect(names('笑')[0]).toBe('笑脸');
    expect(names('笑').indexOf('笑脸')).toBeLessThan(names('笑').indexOf('微笑'));
    expect(names('笑')).toEqual(expect.arrayContaining(['偷笑', '憨笑', '坏笑', '奸笑', '破涕为笑', '笑脸']));
    expect(names('汗')[0]).toBe('汗');
    expect(names('hongbao')).toContain('红包');
    expect(names('xiao')).toContain('偷笑');
    expect(names('qqqqzzz')).toEqual([]);
  });

  it('puts the recently used first, most recent first, and keeps the setting short', () => {
    expect(names('', ['红包', '捂脸']).slice(0, 3)).toEqual(['红包', '捂脸', '微笑']);
    expect(names('', ['not-an-emoji'])[0]).toBe('微笑');
    const recent = withRecent(['捂脸', '红包'], '红包');
    expect(recent).toEqual(['红包', '捂脸']);
    let many: string[] = [];
    for (const name of WECHAT_EMOJI.slice(0, 30)) many = withRecent(many, name);
    expect(many).toHaveLength(RECENT_EMOJI_MAX);
    expect(Settings.safeParse({ ...DEFAULT_SETTINGS, recentEmoji: many }).success).toBe(true);
    expect(Settings.safeParse({ ...DEFAULT_SETTINGS, recentEmoji: ['<script>'] }).success).toBe(false);
  });

  it('inserts the code at the caret, over a selection', () => {
    expect(insertEmoji('你好', 2, 2, '微笑')).toEqual({ text: '你好[微笑]', caret: 6 });
    expect(insertEmoji('你好世界', 1, 3, '强')).toEqual({ text: '你[强]界', caret: 4 });
    expect(insertEmoji('ab', 9, 9, 'OK')).toEqual({ text: 'ab[OK]', caret: 6 });
  });
});
