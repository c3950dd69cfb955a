import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE_KINDS, type Message, type MessageKind } from '@shared/model';
import MessageBody from '../../renderer/src/lib/messages/MessageBody.svelte';
import { OPEN_CHARS, OPEN_LINES } from '../../renderer/src/lib/messages/long-text.svelte';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { fakeApp, settle, vendorError, type FakeApp } from './inbox-fake-app';
import { EVERY_KIND, message } from './messages-fixtures';

let target: HTMLElement;
let mounted: ReturnType<typeof mount> | undefined;
let fake: FakeApp;

beforeEach(() => {
  i18n.setLanguage('zh');
  fake = fakeApp({ 'dial.call': ({ phone, source }) => ({ id: 1, phone, workPhone: '13900000001', at: 0, source: source ?? 'manual', state: 'calling' }) });
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = undefined;
  target.remove();
});

function render(m: Message): HTMLElement {
  if (mounted) unmount(mounted);
  target.replaceChildren();
  mounted = mount(MessageBody, { target, props: { app: fake.app, message: m } });
  flushSync();
  return target;
}

const kindOf = <K extends MessageKind>(kind: K) => message(kind, EVERY_KIND[kind]);

/** Nothing vendor-controlled may become markup: only the elements our components draw. */
function assertNoInjectedElements(root: HTMLElement): void {
  expect(root.querySelectorAll('script, iframe, object, embed, style, form, [onerror], [onclick], [onload]')).toHaveLength(0);
  for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').toMatch(/^https?:\/\//);
  for (const el of root.querySelectorAll('[src]')) expect(el.getAttribute('src') ?? '').toMatch(/^https?:\/\//);
}

describe('every message kind renders faithfully', () => {
  const expectations: { [K in MessageKind]: string[] } = {
    text: ['您好', '[抓狂]', '13912345678'],
    image: [],
    voice: ['语音', '0:12', '明天上午方便吗'],
    video: ['1:15', '产品演示'],
    file: ['报价单-2025.pdf', '1.5 MB'],
    link: ['春季新品', '限时八折', '¥199', '链接'],
    card: ['李经理', '微信号：li_manager', '上海某某贸易有限公司', '企业微信名片'],
    location: ['人民广场', '上海市黄浦区人民大道', '31.23040, 121.47370', '位置'],
    miniProgram: ['预约到店', '小程序', '门店助手'],
    channelsVideo: ['品牌视频号', '新品开箱', '视频号'],
    live: ['品牌直播间', '今晚八点直播', '视频号直播'],
    quote: ['就是这个', '王姐', '有没有蓝色的？'],
    redPacket: ['恭喜发财，大吉大利', '已被领取', '微信红包'],
    transfer: ['¥88.00', '定金', '已退还', '微信转账'],
    groupCollection: ['团购水果', '部分已付款', '4/10 人已付'],
    groupInvite: ['邀请你加入群聊', '老客户福利群'],
    chatRecord: ['王姐和李经理的聊天记录', '聊天记录'],
    system: ['你已添加了王姐'],
    recall: ['撤回了一条消息'],
    videoCall: ['通话时长 03:12'],
    todo: ['待办：明天下午回访王姐'],
    takeover: ['张三 申请接管此会话', '客户要求换顾问'],
    unknown: ['暂不支持显示此类消息', '9999', '查看原始内容'],
  };

  it('has a fixture and an expectation for all 23 kinds', () => {
    expect(Object.keys(EVERY_KIND).sort()).toEqual([...MESSAGE_KINDS].sort());
    expect(MESSAGE_KINDS).toHaveLength(23);
  });

  it.each(MESSAGE_KINDS.map((k) => [k]))('%s', (kind) => {
    const root = render(kindOf(kind));
    for (const text of expectations[kind]) expect(root.textContent, `${kind} shows ${text}`).toContain(text);
    expect(root.textContent?.trim().length || root.querySelector('img, [role="img"]')).toBeTruthy();
    assertNoInjectedElements(root);
  });

  it('draws WeChat emoji codes as text chips, leaving other brackets alone', () => {
    const root = render(message('text', { text: '好的[抓狂][随便写的]' }));
    expect([...root.querySelectorAll('[data-testid="emoji"]')].map((e) => e.textContent)).toEqual(['[抓狂]']);
    expect(root.textContent).toContain('[随便写的]');
  });

  it('loads image thumbnails lazily, enlarges on click, and shows a placeholder when broken', () => {
    const root = render(kindOf('image'));
    const img = root.querySelector<HTMLImageElement>('[data-testid="image-thumb"] img');
    expect(img?.getAttribute('src')).toBe('https://img.example.com/a_thumb.jpg');
    expect(img?.getAttribute('loading')).toBe('lazy');
    root.querySelector<HTMLButtonElement>('[data-testid="image-thumb"]')?.click();
    flushSync();
    expect(root.querySelector('[data-testid="lightbox"] img')?.getAttribute('src')).toBe('https://img.example.com/a.jpg');
    root.querySelector('[data-testid="lightbox"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    flushSync();
    expect(root.querySelector('[data-testid="lightbox"]')).toBeNull();
    root.querySelector('[data-testid="image-thumb"] img')?.dispatchEvent(new Event('error'));
    flushSync();
    expect(root.querySelector('[data-testid="image-placeholder"]')?.textContent).toContain('图片无法显示');
  });

  it('shows transfer, red packet and group collection states in words', () => {
    expect(render(message('transfer', { amount: '10', status: 'received' })).textContent).toContain('已收款');
    expect(render(message('transfer', { amount: '10', status: 'pending' })).textContent).toContain('待收款');
    expect(render(message('transfer', { amount: '¥150.09', status: 'pending' })).textContent).toContain('¥150.09');
    expect(render(message('transfer', { amount: '¥150.09', status: 'pending' })).textContent).not.toContain('¥¥');
    expect(render(message('transfer', { amount: '￥150.09', status: 'pending' })).textContent).not.toContain('¥￥');
    expect(render(message('redPacket', { status: 'unopened' })).textContent).toContain('未领取');
    expect(render(message('groupCollection', { collectionStatus: 'complete' })).textContent).toContain('已全部付款');
  });

  it('turns a number in the text into dial actions that reach main with source "message"', async () => {
    const root = render(kindOf('text'));
    const number = root.querySelector<HTMLButtonElement>('[data-testid="phone-in-text"]');
    expect(number?.dataset['phone']).toBe('13912345678');
    number?.click();
    flushSync();
    root.querySelector<HTMLButtonElement>('[data-testid="dial"]')?.click();
    await settle();
    expect(fake.callsOf('dial.call')).toEqual([{ phone: '13912345678', source: 'message' }]);
  });

  it('shows the raw payload of an unsupported message as text on demand', () => {
    const raw = '{"msgType":9999,"content":"<b>bold</b><script>alert(1)</script>"}';
    const root = render(message('unknown', { reason: 'x', vendorType: '9999' }, { raw }));
    expect(root.querySelector('[data-testid="raw"]')).toBeNull();
    root.querySelector<HTMLButtonElement>('[data-testid="show-raw"]')?.click();
    flushSync();
    expect(root.querySelector('[data-testid="raw"] [data-testid="rich-text"]')?.textContent).toBe(raw);
    expect(root.querySelector('b, script')).toBeNull();
  });
});

describe('hostile content stays inert', () => {
  it('renders markup in text as text', () => {
    const text = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">点我</a>';
    const root = render(message('text', { text }));
    expect(root.textContent).toContain(text);
    expect(root.querySelectorAll('script, img, a')).toHaveLength(0);
    assertNoInjectedElements(root);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    [' javascript:alert(1)'],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['vbscript:msgbox(1)'],
    ['file:///etc/passwd'],
  ])('does not make %s a link anywhere a vendor gives a URL', (url) => {
    const cases: Message[] = [
      message('link', { url, title: '<b>标题</b>' }),
      message('location', { url, title: '地点', thumbUrl: url }),
      message('miniProgram', { url, title: '小程序', iconUrl: url }),
      message('groupInvite', { url, title: '群' }),
      message('chatRecord', { url, title: '记录' }),
      message('image', { url, thumbUrl: url }),
      message('video', { url, thumbUrl: url }),
      message('file', { url, name: 'a.exe' }),
      message('voice', { url }),
      message('card', { cardType: 'personal', nickname: 'x', avatarUrl: url }),
    ];
    for (const m of cases) {
      const root = render(m);
      expect(root.querySelectorAll('a'), m.kind).toHaveLength(0);
      assertNoInjectedElements(root);
    }
    expect(render(message('link', { url, title: '<b>标题</b>' })).textContent).toContain('<b>标题</b>');
  });

  it('links only http(s) addresses, and opens them through main', async () => {
    let opened = '';
    fake.handlers['app.openExternal'] = ({ url }) => {
      opened = url;
      return { opened: true };
    };
    const root = render(message('link', { url: 'https://shop.example.com/x', title: '商品' }));
    const a = root.querySelector('a');
    expect(a?.getAttribute('href')).toBe('https://shop.example.com/x');
    expect(a?.getAttribute('rel')).toContain('noopener');
    a?.click();
    await settle();
    expect(opened).toBe('https://shop.example.com/x');
  });

  it('isolates right-to-left override characters inside the message', () => {
    const text = 'invoice\u202Egnp.exe';
    const root = render(message('text', { text }));
    const isolated = root.querySelector('bdi');
    expect(isolated?.textContent).toContain('\u202E');
    for (const m of [message('card', { cardType: 'personal', nickname: '\u202Eevil' }), message('system', { text: '\u202Esys' }), message('file', { name: '\u202Efdp.exe' })]) {
      const r = render(m);
      const holder = [...r.querySelectorAll('bdi')].find((el) => el.textContent?.includes('\u202E'));
      expect(holder, m.kind).toBeTruthy();
    }
  });

  it('renders a 1 MB text cut to a first part with "show more"', () => {
    const big = '客户留言'.repeat(262_144);
    expect(big.length).toBe(1_048_576);
    const root = render(message('text', { text: big }));
    const shown = root.querySelector('[data-testid="rich-text"]')?.textContent ?? '';
    expect(shown.length).toBeLessThanOrEqual(OPEN_CHARS + 1);
    const more = root.querySelector<HTMLButtonElement>('[data-testid="show-more"]');
    expect(more?.textContent).toContain(String(big.length - OPEN_CHARS));
    more?.click();
    flushSync();
    const after = root.querySelector('[data-testid="rich-text"]')?.textContent ?? '';
    expect(after.length).toBeGreaterThan(shown.length);
    expect(after.length).toBeLessThan(big.length);
    assertNoInjectedElements(root);
  });

  it('fetches the rest of a text the page carried only the start of, a step at a time', async () => {
    const full = '第一行\n'.repeat(10) + '客户留言'.repeat(50_000);
    const carried = full.slice(0, 4000);
    fake.handlers['inbox.getMessageText'] = ({ offset = 0, limit = 20_000 }) => ({ text: full.slice(offset, offset + limit), offset, total: full.length });
    const root = render(message('text', { text: carried }, { id: 77, text: carried, truncated: { textLength: full.length } }));
    const more = () => root.querySelector<HTMLButtonElement>('[data-testid="show-more"]');
    const shown = () => root.querySelector('[data-testid="rich-text"]')?.textContent ?? '';
    expect(more()?.textContent).toContain(String(full.length - shown().length + 1));
    more()?.click();
    await settle();
    expect(fake.callsOf('inbox.getMessageText')).toEqual([{ id: 77, part: 'text', offset: 4000, limit: 16_000 }]);
    expect(shown()).toBe(full.slice(0, 20_000));
    expect(root.querySelector('[data-testid="rich-text"]')?.getAttribute('role')).toBe('region');
    more()?.click();
    await settle();
    expect(shown()).toBe(full.slice(0, 40_000));
    root.querySelector<HTMLButtonElement>('[data-testid="show-less"]')?.click();
    await settle();
    expect(shown().length).toBeLessThanOrEqual(OPEN_CHARS + 1);
    expect(document.activeElement).toBe(more());
  });

  it('keeps what is shown when fetching the rest fails, says so, and fetches again on the next press', async () => {
    const full = '客户留言'.repeat(10_000);
    const carried = full.slice(0, 4000);
    let fail = true;
    fake.handlers['inbox.getMessageText'] = ({ offset = 0, limit = 20_000 }) => {
      if (fail) throw vendorError('Connection lost', '连接已断开', undefined, 'NETWORK');
      return { text: full.slice(offset, offset + limit), offset, total: full.length };
    };
    const root = render(message('text', { text: carried }, { id: 78, text: carried, truncated: { textLength: full.length } }));
    const shown = () => root.querySelector('[data-testid="rich-text"]')?.textContent ?? '';
    const opening = shown();
    root.querySelector<HTMLButtonElement>('[data-testid="show-more"]')?.click();
    await settle();
    expect(shown()).toBe(opening);
    expect(fake.app.notices.map((n) => n.text)).toEqual(['连接已断开']);
    expect(root.querySelector('[data-testid="show-more"]')?.getAttribute('aria-busy')).toBe('false');
    fail = false;
    root.querySelector<HTMLButtonElement>('[data-testid="show-more"]')?.click();
    await settle();
    expect(shown()).toBe(full.slice(0, 20_000));
  });

  it('opens a text of thousands of short lines at its line budget', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `第${i + 1}行`).join('\n');
    const root = render(message('text', { text }));
    const shown = root.querySelector('[data-testid="rich-text"]')?.textContent ?? '';
    expect(shown.split('\n')).toHaveLength(OPEN_LINES);
    expect(shown.endsWith('…')).toBe(true);
    i18n.setLanguage('en');
    flushSync();
    expect(root.querySelector('[data-testid="show-more"]')?.textContent).toContain(`Show more (${text.length - shown.length + 1} more characters)`);
  });

  it('draws a tower of combining marks and a chain of joined emoji as pieces that wrap, and stores them unchanged', () => {
    const tower = `Z${'\u0301'.repeat(2000)}ok`;
    const chain = Array.from({ length: 600 }, () => '👨').join('\u200D');
    for (const text of [tower, chain]) {
      const m = message('text', { text });
      const root = render(m);
      const drawn = root.querySelector('[data-testid="rich-text"]')?.textContent ?? '';
      expect(Math.max(...(drawn.match(/\p{M}+/gu) ?? ['']).map((run) => run.length))).toBeLessThanOrEqual(4);
      expect(drawn).not.toContain('\u200D');
      expect(m.body).toEqual({ text });
    }
    expect(render(message('text', { text: `${chain.slice(0, 4)}` })).textContent).toContain(chain.slice(0, 4));
    // Real text is drawn as it is: accents, Vietnamese, Devanagari, a family emoji and a flag.
    const real = 'café Tiếng Việt क्षत्रिय 👨‍👩‍👧‍👦 🏴󠁧󠁢󠁳󠁣󠁴󠁿';
    expect(render(message('text', { text: real })).querySelector('[data-testid="rich-text"]')?.textContent).toBe(real);
  });
});
