// What a customer who wants to attack the agent can put in a Youmi conversation: markup and
// script in texts, names and titles, javascript: and data: addresses in every field that holds a
// link, a 1 MB text, direction overrides, unbreakable runs, combining-mark towers and emoji
// chains. Tests seed it into a simulator (seedHostileConversation) and open it in a real browser.
//
// Every payload that could run calls `<call>('<label>')`, opens a dialog or navigates, so a test
// that exposes `call` and watches dialogs, navigations and requests sees any of them that runs.
import type { YoumiSimulator } from './simulator';

export interface HostileRow {
  /** What the row tries, for the test's report. */
  label: string;
  type: number;
  content: string;
  resvred?: Record<string, unknown>;
}

export interface HostileConversation {
  fansKey: string;
  /** The customer's display name as the vendor sends it (an override and markup in it). */
  name: string;
  rows: HostileRow[];
  /** The labels of rows whose address is not http(s): clicking them must open nothing. */
  hostileLinkLabels: string[];
  /** The label of the one row whose link is a plain https address (it must go out through main). */
  httpsLinkLabel: string;
  httpsLinkUrl: string;
}

export const RLO = '\u202E';
/** 2^20 characters: the "1 MB text". */
export const HUGE_TEXT_LENGTH = 1 << 20;

/** Markup an HTML sink would run: each calls `call` (or alerts, or navigates) with its label. */
export function scriptPayloads(call: string, label: string) {
  return [
    `<img src=x onerror="${call}('${label}-img')">`,
    `<script>${call}('${label}-script')</script>`,
    `<svg/onload=${call}('${label}-svg')>`,
    `<iframe srcdoc="<script>parent.${call}('${label}-iframe')</script>"></iframe>`,
    `<a href="javascript:${call}('${label}-a')">点我</a>`,
    `<details open ontoggle=alert('${label}-details')>`,
    `<meta http-equiv="refresh" content="0;url=https://evil.example/${label}">`,
    `{@html '<img src=x onerror=${call}(1)>'} {{constructor.constructor('${call}("${label}-template")')()}} \${${call}('${label}-literal')}`,
    `"><img src=x onerror=${call}('${label}-attr')>`,
  ] as const;
}

/** Addresses that must never be opened, loaded or navigated to. */
export function hostileUrls(call: string, label: string) {
  return [
    `javascript:${call}('${label}-js')`,
    ` JaVaScRiPt:${call}('${label}-js-case')`,
    `java\tscript:${call}('${label}-js-tab')`,
    `\u0000javascript:${call}('${label}-js-nul')`,
    `data:text/html,<script>opener&&opener.${call}('${label}-data')</script>`,
    `data:text/html;base64,${base64(`<script>alert('${label}-data64')</script>`)}`,
    `data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="${call}('${label}-svg')"/>`,
    `vbscript:msgbox("${label}")`,
    'file:///etc/passwd',
    '//evil.example/protocol-relative',
    `blob:https://evil.example/${label}`,
  ] as const;
}

/** "Z̷̢̛a̶l̸g̵o̴": every letter under a tower of combining marks, one of them 2,000 marks high. */
export function zalgo(text: string, marksPerLetter = 40): string {
  const marks = Array.from({ length: 0x036f - 0x0300 + 1 }, (_, i) => String.fromCharCode(0x0300 + i));
  let out = '';
  let n = 0;
  for (const letter of text) {
    out += letter;
    const height = n === 0 ? 2000 : marksPerLetter;
    for (let i = 0; i < height; i++) out += marks[(n * 7 + i) % marks.length];
    n++;
  }
  return out;
}

/** A text of exactly `length` UTF-16 units: lines of Chinese and ASCII, with payloads in it and at its end. */
export function hugeText(call: string, length = HUGE_TEXT_LENGTH): string {
  const line = '客户留言：这是一段很长很长的文字，用来测试显示更多。The quick brown fox 0123456789.\n';
  const tail = `<script>${call}('huge-tail')</script>`;
  let out = `<img src=x onerror="${call}('huge-head')">`;
  while (out.length + line.length + tail.length <= length) out += line;
  out += 'x'.repeat(length - out.length - tail.length) + tail;
  return out;
}

/** The rows of the hostile conversation, oldest first. */
export function hostileRows(call: string): HostileRow[] {
  const rows: HostileRow[] = [];
  const text = (label: string, content: string) => rows.push({ label, type: 1, content });
  scriptPayloads(call, 'text').forEach((payload, i) => text(`text-markup-${i}`, payload));
  text('text-rtl', `请查收发票 invoice${RLO}fdp.exe，电话${RLO}13912345678`);
  text('text-controls', `控制字符\u0000\u0007\u001b[31m红色\u001b[0m\u2028\u2029\uFEFF\u200B零宽\u200D连接`);
  text('text-unbroken', `https://evil.example/${'A'.repeat(30_000)}`);
  text('text-zalgo', zalgo('ZALGO 来了 HE COMES'));
  text('text-emoji', '😀'.repeat(4000));
  text('text-zwj', Array.from({ length: 600 }, () => '👨').join('\u200D'));
  text('text-lines', Array.from({ length: 5000 }, (_, i) => `第${i + 1}行`).join('\n'));
  text('text-huge', hugeText(call));

  const [js, ...otherUrls] = hostileUrls(call, 'link');
  const markup = scriptPayloads(call, 'title');
  rows.push({ label: 'link-js', type: 49, content: `a(${js})`, resvred: { title: `${RLO}${markup[0]}领取红包`, url: js, desc: markup[1], thumbUrl: hostileUrls(call, 'thumb')[0] } });
  otherUrls.forEach((url, i) => rows.push({ label: `link-${i}`, type: 49, content: `a(${url})`, resvred: { title: `链接 ${i} ${markup[i % markup.length]}`, url, desc: url } }));
  rows.push({ label: 'link-marker', type: 49, content: `a(javascript:${call}('marker'))[${markup[2]}]` });
  rows.push({ label: 'link-https', type: 49, content: 'a(https://evil.example/phish)', resvred: { title: `正常链接 ${markup[0]}`, url: 'https://evil.example/phish?from=hostile', desc: markup[3] } });
  rows.push({ label: 'link-huge-title', type: 49, content: '', resvred: { title: `${markup[0]}${'很长的标题'.repeat(100_000)}`, url: hostileUrls(call, 'huge-title')[4] } });

  rows.push({ label: 'card', type: 42, content: `MP[${markup[0]}]`, resvred: { nickname: `${RLO}${markup[0]}`, company: markup[1] } });
  rows.push({ label: 'file-js', type: 496, content: 'file[hostile]', resvred: { title: `invoice${RLO}fdp.exe`, url: hostileUrls(call, 'file')[0], totalLen: -1 } });
  rows.push({ label: 'file-data', type: 496, content: 'file[hostile2]', resvred: { title: markup[0], url: hostileUrls(call, 'file')[5], totalLen: 1e308 } });
  rows.push({ label: 'image-data', type: 3, content: hostileUrls(call, 'image')[4] });
  rows.push({ label: 'image-js', type: 3, content: hostileUrls(call, 'image')[0] });
  rows.push({ label: 'image-svg', type: 2, content: hostileUrls(call, 'image')[6] });
  rows.push({ label: 'video-js', type: 43, content: hostileUrls(call, 'video')[0], resvred: { title: markup[0], thumbUrl: hostileUrls(call, 'video')[6] } });
  rows.push({
    label: 'mini-program',
    type: 4933,
    content: '[小程序]',
    resvred: { title: markup[1], displayName: `${RLO}${markup[0]}`, appIconUrl: hostileUrls(call, 'mp')[0], url: hostileUrls(call, 'mp')[4] },
  });
  rows.push({ label: 'location', type: 48, content: '', resvred: { title: markup[0], desc: markup[1], url: hostileUrls(call, 'location')[1], thumbUrl: hostileUrls(call, 'location')[5] } });
  rows.push({ label: 'group-invite', type: 495, content: '', resvred: { title: markup[2], desc: markup[3], url: hostileUrls(call, 'invite')[2] } });
  rows.push({ label: 'chat-record', type: 4919, content: markup[4], resvred: { title: markup[5], desc: markup[6], url: hostileUrls(call, 'record')[3] } });
  rows.push({ label: 'quote', type: 8220, content: markup[0], resvred: { type: 1, content: markup[1], title: `${RLO}${markup[2]}`, url: hostileUrls(call, 'quote')[0] } });
  rows.push({ label: 'system', type: 10000, content: `${markup[0]}${'系统'.repeat(50_000)}` });
  rows.push({ label: 'unknown', type: 99_999, content: markup[1] });
  return rows;
}

/** Puts the hostile conversation into a running simulator, as inbound messages of its first operator. */
export function seedHostileConversation(sim: YoumiSimulator, options: { call: string; atMs?: number }): HostileConversation {
  const operator = sim.operators[0]!;
  const fansKey = 'wxid_hostile_customer';
  const name = `${RLO}${scriptPayloads(options.call, 'name')[0]}${'长名字'.repeat(300)}`;
  const rows = hostileRows(options.call);
  const start = (options.atMs ?? Date.now()) - rows.length * 1000;
  rows.forEach((row, i) =>
    sim.appendInbound({
      wechatId: operator.wechatId,
      fansKey,
      fanName: name,
      fanPhoto: hostileUrls(options.call, 'avatar')[0],
      type: row.type,
      content: row.content,
      resvred: row.resvred ?? null,
      atMs: start + i * 1000,
    }),
  );
  const httpsRow = rows.find((r) => r.label === 'link-https')!;
  return {
    fansKey,
    name,
    rows,
    hostileLinkLabels: rows.filter((r) => r.type === 49 && r !== httpsRow).map((r) => r.label),
    httpsLinkLabel: httpsRow.label,
    httpsLinkUrl: String(httpsRow.resvred!.url),
  };
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
