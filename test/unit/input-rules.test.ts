// The shared text rule (shared/ipc/text.ts) and the VALIDATION error built from it
// (electron/main/ipc/validation-error.ts): what is refused, what the error says, and that it never
// carries what the caller typed.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract } from '@shared/ipc/contract';
import { AccountDraft } from '@shared/ipc/accounts';
import { httpUrlProblem, multiLine, singleLine, textProblem, vendorBaseUrlProblem, INPUT_RULES } from '@shared/ipc/text';
import { schemaPath, validationError } from '../../electron/main/ipc/validation-error';

describe('free text', () => {
  it.each([
    ['a\u0000b', 'text.control'],
    ['bell\u0007', 'text.control'],
    ['esc\u001b[31m', 'text.control'],
    ['del\u007f', 'text.control'],
    ['c1\u0085', 'text.control'],
    ['lone high \ud83d', 'text.surrogate'],
    ['\ud83d then text', 'text.surrogate'],
    ['lone low \ude00', 'text.surrogate'],
    ['\u202eevil.exe', 'text.bidi'],
    ['isolate\u2066x\u2069', 'text.bidi'],
  ])('refuses %j as %s on one line and in a note', (text, rule) => {
    expect(textProblem(text, false)).toBe(rule);
    expect(textProblem(text, true)).toBe(rule);
  });

  it('keeps Chinese, emoji pairs and (in a note only) line breaks and tabs', () => {
    for (const text of ['张三 (VIP) 138-0013-8000', '😀👍🏽 ok', 'العربية', 'e\u0301']) {
      expect(textProblem(text, false)).toBeUndefined();
    }
    expect(textProblem('line 1\nline 2\tend', true)).toBeUndefined();
    expect(textProblem('line 1\nline 2', false)).toBe('text.control');
  });

  it('trims labels, turns CR LF into LF in notes, and reports a rule key as the message', () => {
    expect(singleLine({ max: 10 }).parse('  张三  ')).toBe('张三');
    expect(multiLine({ max: 100 }).parse(' a\r\nb\rc ')).toBe('a\nb\nc');
    expect(multiLine({ max: 100, trim: false }).parse(' a ')).toBe(' a ');
    const refused = singleLine({ max: 10 }).safeParse('a\u0000');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ code: 'custom', message: 'text.control' });
  });
});

describe('addresses', () => {
  it.each([
    ['javascript:alert(1)', 'url.http'],
    ['JaVaScRiPt:alert(1)', 'url.http'],
    ['file:///etc/passwd', 'url.http'],
    ['data:text/html,<script>alert(1)</script>', 'url.http'],
    ['/relative/path', 'url.http'],
    ['//host.example.com/x', 'url.http'],
    ['api.example.com', 'url.http'],
    ['https://', 'url.http'],
    ['https://exa mple.com', 'url.http'],
    ['https://example.com\\@evil.com', 'url.http'],
    ['https://example.com:99999', 'url.http'],
    ['https://user:pass@example.com', 'url.credentials'],
    ['https://token@example.com/x', 'url.credentials'],
    ['https://example.com/\u0000', 'text.control'],
  ])('refuses %j (%s)', (url, rule) => {
    expect(httpUrlProblem(url)).toBe(rule);
    expect(vendorBaseUrlProblem(url)).toBe(rule);
  });

  it('takes absolute http(s) links with paths, queries and IDN hosts', () => {
    for (const url of ['https://wpapi.7moor.com', 'http://wx.qlogo.cn/mmhead/x/0', 'https://例子.中国/a?b=1#c', 'https://[::1]:8443/x', 'HTTPS://EXAMPLE.COM']) {
      expect(httpUrlProblem(url)).toBeUndefined();
    }
  });

  it('a vendor base URL: https, plain http only to this computer, no query or fragment', () => {
    expect(vendorBaseUrlProblem('https://wpapi.7moor.com')).toBeUndefined();
    expect(vendorBaseUrlProblem('http://127.0.0.1:8000/zhugeleida')).toBeUndefined();
    expect(vendorBaseUrlProblem('http://localhost:4000')).toBeUndefined();
    expect(vendorBaseUrlProblem('http://wpapi.7moor.com')).toBe('url.https');
    expect(vendorBaseUrlProblem('https://wpapi.7moor.com/?token=abc')).toBe('url.query');
    expect(vendorBaseUrlProblem('https://wpapi.7moor.com/#x')).toBe('url.query');
  });
});

describe('the VALIDATION error', () => {
  const draft = (patch: Record<string, unknown>) => ({
    vendor: 'youmi',
    label: 'ok',
    baseUrl: 'https://api.example.com',
    settings: { apiVersion: 'v2', wechatIds: ['123'] },
    token: 'secret-token-value',
    ...patch,
  });
  const refuse = (schema: z.ZodType, input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error('expected a refusal');
    return validationError(schema, parsed.error, input);
  };

  it('names the field by its contract path and says the rule in Chinese and English', () => {
    const error = refuse(AccountDraft, draft({ baseUrl: 'javascript:alert(1)' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe(`Invalid input at baseUrl: ${INPUT_RULES['url.http'].en}`);
    expect(error.messageZh).toBe(`输入有误（baseUrl）：${INPUT_RULES['url.http'].zh}`);
    expect(error.details).toMatchObject({ field: 'baseUrl', reason: 'url.http' });
  });

  it('never repeats a key or a value the caller chose', () => {
    const marker = 'MARKER_7f3a';
    const inputs = [
      draft({ [`${marker}_key`]: `${marker}_value` }),
      draft({ label: `${marker}\u0000` }),
      draft({ settings: { apiVersion: 'v2', wechatIds: [`${marker}`] } }),
      draft({ vendor: marker }),
      draft({ token: 42, label: { [marker]: marker } }),
    ];
    for (const input of inputs) {
      const text = JSON.stringify(refuse(AccountDraft, input));
      expect(text).not.toContain(marker);
      expect(text).not.toContain('secret-token-value');
    }
  });

  it('counts unknown fields and shows keys the contract does not name as *', () => {
    const error = refuse(AccountDraft, draft({ a: 1, b: 2 }));
    expect(error.message).toContain('has 2 fields this version does not know');
    const values = contract.methods['crm.updateCustomer'].input;
    expect(schemaPath(values, ['fields', 'chosen-by-caller'])).toBe('fields.*');
    expect(schemaPath(AccountDraft, ['settings', 'wechatIds', 3])).toBe('settings.wechatIds.3');
    expect(schemaPath(AccountDraft, ['nowhere', 'deeper'])).toBe('*.*');
    expect(schemaPath(AccountDraft, [])).toBe('(root)');
  });

  it('says "required" for a missing field and the expected type for a wrong one', () => {
    const { label: _label, ...missing } = draft({});
    expect(refuse(AccountDraft, missing).message).toBe('Invalid input at label: is required');
    expect(refuse(AccountDraft, draft({ label: 5 })).messageZh).toBe('输入有误（label）：应为文本');
  });
});

describe('__proto__ and constructor keys', () => {
  // The attack arrives as JSON, where "__proto__" is an own key (JSON.parse does not set the
  // prototype). A strict schema sees it like any unknown key.
  const wire = ['{"__proto__":{"polluted":true}}', '{"__proto__":null}', '{"constructor":{"prototype":{"polluted":true}}}', '{"prototype":1}'];

  it('are refused by every method as unknown keys', () => {
    for (const [name, spec] of Object.entries(contract.methods)) {
      for (const text of wire) {
        const parsed = spec.input.safeParse(JSON.parse(text));
        expect(parsed.success, `${name} took ${text}`).toBe(false);
      }
    }
  });

  it('as an object literal only set the prototype: nothing of it reaches a handler', () => {
    // `{ __proto__: x }` in JavaScript has no own key, so an empty strict object accepts it; what
    // a handler gets is a fresh object without the inherited value.
    const literal = { __proto__: { polluted: true } } as object;
    for (const [name, spec] of Object.entries(contract.methods)) {
      const parsed = spec.input.safeParse(literal);
      if (!parsed.success) continue;
      const data = parsed.data as Record<string, unknown>;
      expect(Object.getPrototypeOf(data), name).toBe(Object.prototype);
      expect('polluted' in data, name).toBe(false);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
