import { describe, expect, it } from 'vitest';
import { findPhones, segmentPhones } from '../../renderer/src/lib/phone/detect';

const phones = (text: string) => findPhones(text).map((p) => p.phone);

describe('phone numbers inside message text', () => {
  it('finds mobiles written every way customers write them', () => {
    expect(phones('我的电话13800138000，下午打')).toEqual(['13800138000']);
    expect(phones('call me: 138 0013 8000')).toEqual(['13800138000']);
    expect(phones('手机 138-0013-8000 王')).toEqual(['13800138000']);
    expect(phones('+86 139 1234 5678')).toEqual(['13912345678']);
    expect(phones('+86-13912345678')).toEqual(['13912345678']);
    expect(phones('008613912345678')).toEqual(['13912345678']);
    expect(phones('Tel:15000000000 / 18611112222')).toEqual(['15000000000', '18611112222']);
    expect(phones('tel:13800138000')).toEqual(['13800138000']);
  });

  it('finds landlines with an area code and 400/800 service numbers', () => {
    expect(phones('公司座机010-12345678转8')).toEqual(['01012345678']);
    expect(phones('深圳 0755-1234567')).toEqual(['07551234567']);
    expect(phones('(021)87654321')).toEqual(['02187654321']);
    expect(phones('客服热线400-800-1234或800 820 8820')).toEqual(['4008001234', '8008208820']);
    expect(phones('热线 4001234567')).toEqual(['4001234567']);
  });

  it('leaves numbers that are part of something longer alone', () => {
    expect(phones('订单号 2023113800138000123 已发货')).toEqual([]);
    expect(phones('wxid_13800138000 加我')).toEqual([]);
    expect(phones('user13800138000')).toEqual([]);
    expect(phones('金额 13800138000.50 元')).toEqual([]);
    expect(phones('138001380001')).toEqual([]);
    expect(phones('23800138000')).toEqual([]);
    expect(phones('12800138000')).toEqual([]);
    expect(phones('日期 2024-01-15 12:30')).toEqual([]);
    expect(phones('编号 01012345678')).toEqual([]);
    expect(phones('id=13800138000')).toEqual([]);
  });

  it('ignores numbers inside links but finds the one after it', () => {
    expect(phones('看这里 https://shop.example.com/item/13800138000?ref=13900139000 或打13700137000')).toEqual(['13700137000']);
    expect(phones('www.example.cn/u/13800138000')).toEqual([]);
    expect(phones('example.com/13800138000')).toEqual([]);
    expect(phones('https://t.cn/a，电话13600136000')).toEqual(['13600136000']);
  });

  it('cuts text into segments that join back to the input', () => {
    const text = '王姐 13912345678，座机010-12345678。wxid_13800138000';
    const segments = segmentPhones(text);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.type === 'phone').map((s) => s.text)).toEqual(['13912345678', '010-12345678']);
    expect(segmentPhones('')).toEqual([{ type: 'text', text: '' }]);
    expect(segmentPhones('13800138000')).toEqual([{ type: 'phone', text: '13800138000', phone: '13800138000' }]);
  });

  it('gives each number as the work phone dials it: digits, national form', () => {
    expect(phones('+86 138-0013-8000 / 0086 13800138000 / 010-12345678')).toEqual(['13800138000', '13800138000', '01012345678']);
  });
});
