import { describe, expect, it } from 'vitest';
import { normalizeChinesePhone } from '@shared/phone';
import { MAX_LINK_LENGTH, parseDialLink } from '../../../electron/main/desktop/protocol';

function dialled(url: string) {
  const result = parseDialLink(url);
  if (!result.ok) throw new Error(`refused ${url}: ${result.error.message}`);
  return result.link;
}

function refusal(url: unknown): string {
  const result = parseDialLink(url);
  if (result.ok) throw new Error(`accepted ${String(url)} as ${result.link.digits}`);
  expect(result.error.code).toBe('VALIDATION');
  expect(result.error.messageZh).toMatch(/[\u4e00-\u9fff]/);
  return String(result.error.details?.reason);
}

describe('tel: links', () => {
  it.each([
    ['tel:13800138000', '13800138000'],
    ['tel:+86-138 0013 8000', '13800138000'],
    ['tel:+86%20138%200013%208000', '13800138000'],
    ['TEL:+8613800138000', '13800138000'],
    ['tel:0086 138 0013 8000', '13800138000'],
    ['tel:8613800138000', '13800138000'],
    ['tel:(138) 0013-8000', '13800138000'],
    ['tel://13800138000', '13800138000'],
    ['tel:138.0013.8000', '13800138000'],
  ])('%s dials the mobile %s', (url, digits) => {
    expect(dialled(url)).toMatchObject({ scheme: 'tel', digits, kind: 'mobile', display: '138 0013 8000' });
  });

  it('reads landlines with their area code, including the international form without the trunk 0', () => {
    expect(dialled('tel:010-88888888')).toMatchObject({ digits: '01088888888', kind: 'landline', display: '010-88888888' });
    expect(dialled('tel:+86-10-8888-8888')).toMatchObject({ digits: '01088888888', kind: 'landline' });
    expect(dialled('tel:+86 (0)21 6666 6666')).toMatchObject({ digits: '02166666666', display: '021-66666666' });
    expect(dialled('tel:0755-2345678')).toMatchObject({ digits: '07552345678', display: '0755-2345678' });
    expect(dialled('tel:+86 755 2345 6789')).toMatchObject({ digits: '075523456789', kind: 'landline' });
  });

  it('reads 400 and 800 service numbers', () => {
    expect(dialled('tel:400-800-1234')).toMatchObject({ digits: '4008001234', kind: 'service', display: '400-800-1234' });
    expect(dialled('tel:800 820 8820')).toMatchObject({ digits: '8008208820', kind: 'service' });
  });

  it('keeps an extension', () => {
    expect(dialled('tel:13800138000;ext=1')).toMatchObject({ digits: '13800138000', extension: '1' });
    expect(dialled('tel:010-88888888;ext=8021;phone-context=+86')).toMatchObject({ digits: '01088888888', extension: '8021' });
  });

  it('accepts full-width digits typed with a Chinese IME', () => {
    expect(dialled('tel:１３８００１３８０００').digits).toBe('13800138000');
    expect(dialled(`tel:${encodeURIComponent('＋８６ １３８－００１３－８０００')}`).digits).toBe('13800138000');
  });
});

describe('workphone: links', () => {
  it.each([
    'workphone://dial?phone=13800138000',
    'workphone://dial?phone=%2B86%20138%200013%208000',
    'workphone://dial?phone=+86+138+0013+8000',
    'workphone:dial/13800138000',
    'workphone://dial/138-0013-8000',
    'WorkPhone://DIAL?phone=13800138000&source=crm',
  ])('%s dials 13800138000', (url) => {
    expect(dialled(url)).toMatchObject({ scheme: 'workphone', digits: '13800138000' });
  });

  it('takes an extension from the query', () => {
    expect(dialled('workphone://dial?phone=010-88888888&ext=123')).toMatchObject({ digits: '01088888888', extension: '123' });
  });

  it('refuses other actions', () => {
    expect(refusal('workphone://open?phone=13800138000')).toBe('UNSUPPORTED_ACTION');
    expect(refusal('workphone://settings')).toBe('UNSUPPORTED_ACTION');
  });
});

describe('hostile and broken links are refused', () => {
  it.each([
    ['javascript:alert(1)//13800138000', 'NOT_A_PHONE_LINK'],
    ['file:///C:/Windows/System32/calc.exe', 'NOT_A_PHONE_LINK'],
    ['data:text/html,<script>alert(1)</script>', 'NOT_A_PHONE_LINK'],
    ['https://evil.example/tel:13800138000', 'NOT_A_PHONE_LINK'],
    ['13800138000', 'NOT_A_PHONE_LINK'],
    ['', 'NOT_A_PHONE_LINK'],
  ])('%s', (url, reason) => {
    expect(refusal(url)).toBe(reason);
  });

  it('refuses links too long to be a number', () => {
    expect(refusal(`tel:13800138000;phone-context=${'1'.repeat(MAX_LINK_LENGTH)}`)).toBe('TOO_LONG');
  });

  it.each([
    'tel:138\u00000138000',
    'tel:13800138000\n--inspect=9229',
    'tel:138%000138000',
    'tel:138%0A0013%0D8000',
    'tel:\u202e13800138000',
    'tel:1380013%E2%80%AE8000',
    'tel:1380013\u200b8000',
  ])('refuses control, zero-width and bidi characters: %j', (url) => {
    expect(refusal(url)).toBe('MALFORMED');
  });

  it.each([
    ['tel:١٣٨٠٠١٣٨٠٠٠', 'Arabic-Indic digits'],
    ['tel:𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎', 'mathematical bold digits'],
    ['tel:①③⑧⓪⓪①③⑧⓪⓪⓪', 'circled digits'],
    ['tel:138OO138OOO', 'letter O for zero'],
    ['tel:1380013800l', 'letter l for one'],
  ])('refuses look-alike digits (%s: %s)', (url) => {
    expect(refusal(url)).toBe('BAD_CHARACTER');
  });

  it.each([
    ['tel:13800138000,13900139000', 'BAD_CHARACTER'],
    ['tel:13800138000 13900139000', 'TOO_MANY_DIGITS'],
    ['workphone://dial?phone=13800138000&phone=13900139000', 'MANY_NUMBERS'],
    ['workphone://dial/13800138000?phone=13900139000', 'MANY_NUMBERS'],
    ['workphone://dial/13800138000/13900139000', 'MANY_NUMBERS'],
  ])('refuses more than one number: %s', (url, reason) => {
    expect(refusal(url)).toBe(reason);
  });

  it.each([
    ['tel:13800138000;javascript:alert(1)', 'MALFORMED'],
    ['tel:13800138000?body=hi', 'MALFORMED'],
    ['tel:13800138000#frag', 'MALFORMED'],
    ['tel:13800138000%22%20--gpu-launcher=calc', 'BAD_CHARACTER'],
    ['tel:%2525', 'MALFORMED'],
    ['tel:%E0%A4%A', 'MALFORMED'],
    ['workphone://dial?phone=138%3B00138000', 'BAD_CHARACTER'],
    ['tel:13800138000;ext=1;ext=2', 'BAD_EXTENSION'],
    ['tel:13800138000;ext=abc', 'BAD_EXTENSION'],
    ['tel:13800138000;phone-context=<script>', 'MALFORMED'],
    ['tel:138+00138000', 'BAD_CHARACTER'],
  ])('refuses injection attempts and anything but a number: %s', (url, reason) => {
    expect(refusal(url)).toBe(reason);
  });

  it.each([
    ['tel:+1-202-555-0100', 'NOT_CHINA'],
    ['tel:+852 2345 6789', 'NOT_CHINA'],
    ['tel:12345678901', 'NOT_A_PHONE_NUMBER'],
    ['tel:110', 'NOT_A_PHONE_NUMBER'],
    ['tel:88888888', 'NO_AREA_CODE'],
    ['tel:', 'EMPTY'],
    [undefined, 'MALFORMED'],
  ])('refuses numbers outside mainland China and numbers that are not numbers: %s', (url, reason) => {
    expect(refusal(url)).toBe(reason);
  });

  it('never repeats the link in the error it returns', () => {
    const result = parseDialLink('tel:13800138000;evil=<img src=x onerror=alert(1)>');
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('13800138000');
    expect(JSON.stringify(result)).not.toContain('onerror');
  });
});

describe('normalizeChinesePhone', () => {
  it('is usable on its own for numbers typed in forms', () => {
    const result = normalizeChinesePhone(' 139 1234 5678 ');
    expect(result).toEqual({ ok: true, phone: { digits: '13912345678', kind: 'mobile', display: '139 1234 5678' } });
  });
});
