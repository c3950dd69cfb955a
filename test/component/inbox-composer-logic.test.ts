import { describe, expect, it } from 'vitest';
import { canSend, composerMode } from '../../renderer/src/lib/state/composer-capabilities';
import { contentOf, validateBatch, validateForm } from '../../renderer/src/lib/state/composer-forms';
import { insertSnippet, slashQuery } from '../../renderer/src/lib/state/composer.svelte';
import { mergeConversations } from '../../renderer/src/lib/state/inbox-conversations';
import { mergeMessages, withLatestPage } from '../../renderer/src/lib/state/inbox-messages';
import { conversation, message } from './messages-fixtures';

const YOUMI_V2 = ['text', 'image', 'video', 'file', 'link', 'card', 'miniProgram', 'officialAccount', 'batch'] as const;
const YOUMI_V1 = ['text', 'image', 'file', 'video'] as const;

describe('composerMode', () => {
  it('gives Youmi v2 every "+" kind it can send, in menu order, and batch items', () => {
    const mode = composerMode(conversation({ capabilities: [...YOUMI_V2] }));
    expect(mode).toEqual({
      readOnly: false,
      text: true,
      attach: ['image', 'video', 'file', 'link', 'card', 'miniProgram', 'officialAccount', 'batch'],
      batchItems: ['text', 'image', 'video', 'file', 'link'],
    });
  });

  it('gives Youmi v1 text, image, video and file only, and no batch', () => {
    expect(composerMode(conversation({ capabilities: [...YOUMI_V1] }))).toEqual({ readOnly: false, text: true, attach: ['image', 'video', 'file'], batchItems: [] });
  });

  it('makes 7moor WeChat and Zhuge conversations read-only with their reason and numbers', () => {
    const moor = composerMode(conversation({ vendor: 'moor', readOnly: true, readOnlyReason: '七陌没有发送接口', capabilities: [], phones: ['13700137000'] }));
    expect(moor).toEqual({ readOnly: true, reason: '七陌没有发送接口', phones: ['13700137000'] });
    // A conversation that can send nothing is read-only even if the flag is missing.
    expect(composerMode(conversation({ readOnly: false, capabilities: [] })).readOnly).toBe(true);
    expect(canSend(moor, 'text')).toBe(false);
  });

  it('tells whether a quick reply of a kind can go out here', () => {
    const v1 = composerMode(conversation({ capabilities: [...YOUMI_V1] }));
    expect(canSend(v1, 'text')).toBe(true);
    expect(canSend(v1, 'image')).toBe(true);
    expect(canSend(v1, 'link')).toBe(false);
  });
});

describe('the "+" forms', () => {
  it('validates with the contract: required fields, http(s) links only', () => {
    expect(validateForm('link', {})).toMatchObject({ ok: false, errors: { url: 'url', title: 'required' } });
    expect(validateForm('image', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false, errors: { url: 'url' } });
    expect(validateForm('image', { url: 'data:image/png;base64,AAAA' })).toMatchObject({ ok: false, errors: { url: 'url' } });
    expect(validateForm('qvcard', { nickname: '李经理' })).toMatchObject({ ok: false, errors: { company: 'required' } });
    expect(validateForm('card', { nickname: 'x'.repeat(101) })).toMatchObject({ ok: false, errors: { nickname: 'tooLong' } });
    expect(validateForm('file', { url: ' https://f.example.com/a.pdf ', name: '报价单.pdf' })).toEqual({
      ok: true,
      content: { kind: 'file', url: 'https://f.example.com/a.pdf', name: '报价单.pdf' },
    });
  });

  it('leaves empty optional fields out', () => {
    expect(contentOf('video', { url: 'https://v.example.com/a.mp4', title: '  ', thumbUrl: '' })).toEqual({ kind: 'video', url: 'https://v.example.com/a.mp4' });
  });

  it('validates a batch item by item and refuses an empty one', () => {
    expect(validateBatch([])).toMatchObject({ ok: false, problem: 'required' });
    const result = validateBatch([
      { kind: 'text', values: { text: '您好' } },
      { kind: 'image', values: { url: 'ftp://x' } },
    ]);
    expect(result).toMatchObject({ ok: false, itemErrors: [undefined, { url: 'url' }] });
    expect(validateBatch([{ kind: 'text', values: { text: '您好' } }])).toEqual({ ok: true, content: { kind: 'batch', items: [{ kind: 'text', text: '您好' }] } });
  });
});

describe('"/" quick-reply search', () => {
  it('finds the query at the start or after a space, up to the caret', () => {
    expect(slashQuery('/问候', 3)).toEqual({ start: 0, query: '问候' });
    expect(slashQuery('好的 /问', 5)).toEqual({ start: 3, query: '问' });
    expect(slashQuery('好的 /', 4)).toEqual({ start: 3, query: '' });
    expect(slashQuery('https://a.com/x', 15)).toBeNull();
    expect(slashQuery('1/2', 3)).toBeNull();
    expect(slashQuery('/问 候', 5)).toBeNull();
  });

  it('replaces "/query" with the snippet and puts the caret after it', () => {
    expect(insertSnippet('好的 /问 谢谢', { start: 3, query: '问' }, '您好')).toEqual({ text: '好的 您好 谢谢', caret: 5 });
  });
});

describe('keeping lists in order', () => {
  it('merges changed conversations newest first, leaving far-down ones to their page', () => {
    const a = conversation({ id: 1, lastMessageAt: 300 });
    const b = conversation({ id: 2, lastMessageAt: 200 });
    const moved = conversation({ id: 2, lastMessageAt: 400 });
    const old = conversation({ id: 3, lastMessageAt: 100 });
    const keep = () => true;
    expect(mergeConversations([a, b], [moved], { hasMore: true, keep }).map((c) => c.id)).toEqual([2, 1]);
    expect(mergeConversations([a, b], [old], { hasMore: true, keep }).map((c) => c.id)).toEqual([1, 2]);
    expect(mergeConversations([a, b], [old], { hasMore: false, keep }).map((c) => c.id)).toEqual([1, 2, 3]);
    expect(mergeConversations([a, b], [], { hasMore: false, keep: (c) => c.id !== 1 }).map((c) => c.id)).toEqual([2]);
  });

  it('merges messages by id in time order, with or without adding new ones', () => {
    const m1 = message('text', { text: 'a' }, { id: 1, sentAt: 100 });
    const m2 = message('text', { text: 'b' }, { id: 2, sentAt: 200 });
    const m3 = message('text', { text: 'c' }, { id: 3, sentAt: 150 });
    const sent = { ...m2, status: 'sent' as const };
    expect(mergeMessages([m1, m2], [m3, sent]).map((m) => [m.id, m.status])).toEqual([
      [1, 'received'],
      [3, 'received'],
      [2, 'sent'],
    ]);
    expect(mergeMessages([m1, m2], [m3, sent], { addNew: false }).map((m) => m.id)).toEqual([1, 2]);
    expect(mergeMessages([m3], [m1, m2]).map((m) => m.id)).toEqual([1, 3, 2]);
  });

  it('merges a fresh latest page after a reconnect, or replaces the history when a gap lies between', () => {
    const old = [1, 2, 3].map((id) => message('text', { text: String(id) }, { id, sentAt: id * 100 }));
    const overlapping = [3, 4].map((id) => message('text', { text: String(id) }, { id, sentAt: id * 100 }));
    expect(withLatestPage(old, { items: overlapping, olderCursor: 'c' })).toMatchObject({ replaced: false });
    expect(withLatestPage(old, { items: overlapping, olderCursor: 'c' }).messages.map((m) => m.id)).toEqual([1, 2, 3, 4]);
    const far = [90, 91].map((id) => message('text', { text: String(id) }, { id, sentAt: id * 100 }));
    expect(withLatestPage(old, { items: far, olderCursor: 'c' })).toMatchObject({ replaced: true });
    expect(withLatestPage(old, { items: far, olderCursor: 'c' }).messages.map((m) => m.id)).toEqual([90, 91]);
    expect(withLatestPage(old, { items: far }).messages.map((m) => m.id)).toEqual([1, 2, 3, 90, 91]);
  });
});
