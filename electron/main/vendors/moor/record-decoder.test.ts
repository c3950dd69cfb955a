import { describe, expect, it } from 'vitest';
import {
  decodeAgent,
  decodeCall,
  decodeCallDetail,
  decodeCallReport,
  decodeCustomerTemplate,
  decodeSms,
  decodeWeChatAccount,
  decodeWeChatContact,
  decodeWeChatGroup,
  decodeWeChatGroupMember,
  decodeWeChatSession,
  phonesIn,
  recordingOf,
} from './record-decoder';
import { chinaDate, chinaLocalToEpochMs, chinaStartOfDay, epochMsToChinaLocal, vendorTsToEpochMs } from './time';

describe('China time', () => {
  it('reads China-local strings as UTC+8 and writes them back', () => {
    expect(chinaLocalToEpochMs('2019-06-26 11:01:49')).toBe(Date.UTC(2019, 5, 26, 3, 1, 49));
    expect(chinaLocalToEpochMs('2019-06-26T00:30:00')).toBe(Date.UTC(2019, 5, 25, 16, 30));
    expect(chinaLocalToEpochMs('2019-06-26')).toBe(Date.UTC(2019, 5, 25, 16));
    expect(epochMsToChinaLocal(Date.UTC(2019, 5, 25, 16, 30, 5))).toBe('2019-06-26 00:30:05');
    expect(chinaDate(Date.UTC(2019, 5, 25, 16))).toBe('2019-06-26');
    expect(chinaStartOfDay(Date.UTC(2019, 5, 26, 3))).toBe(Date.UTC(2019, 5, 25, 16));
  });

  it('rejects what is not a time', () => {
    for (const bad of ['', '2019-02-30 10:00:00', '2019-13-01', '26/06/2019', 'not a time', '2019-06-26 25:00:00']) expect(chinaLocalToEpochMs(bad)).toBeUndefined();
    expect(chinaLocalToEpochMs(12345)).toBeUndefined();
  });

  it('tells ts seconds from milliseconds', () => {
    expect(vendorTsToEpochMs(1561013064)).toBe(1561013064000);
    expect(vendorTsToEpochMs('1561014275882')).toBe(1561014275882);
    expect(vendorTsToEpochMs('x')).toBeUndefined();
    expect(vendorTsToEpochMs(0)).toBeUndefined();
  });
});

describe('calls', () => {
  it.each([
    ['not_found', { recordingState: 'not_found' }],
    ['copy_fail', { recordingState: 'copy_fail' }],
    ['multiple_call_lose', { recordingState: 'multiple_call_lose' }],
    ['', { recordingState: 'none' }],
    [undefined, { recordingState: 'none' }],
    ['cf-workphone.oss-cn-hangzhou.aliyuncs.com/a.mp3', { recordingState: 'available', recordingUrl: 'https://cf-workphone.oss-cn-hangzhou.aliyuncs.com/a.mp3' }],
    ['//cdn.7moor.com/a.mp3', { recordingState: 'available', recordingUrl: 'https://cdn.7moor.com/a.mp3' }],
    ['http://cdn.7moor.com/a.mp3', { recordingState: 'available', recordingUrl: 'http://cdn.7moor.com/a.mp3' }],
  ])('soundUrl %s', (soundUrl, expected) => {
    expect(recordingOf(soundUrl)).toEqual(expected);
  });

  it('reads duration as number or string, `_id` or `id`, in/out, connected or not', () => {
    const base = { localTel: '133', contactTel: '150', beginTime: '2019-06-26 11:01:49', endTime: '2019-06-26 11:02:50' };
    expect(decodeCall({ ...base, _id: 'a', callType: 'in', connectType: 'connected', duration: '61' })).toMatchObject({ vendorId: 'a', direction: 'in', connected: true, durationSec: 61 });
    expect(decodeCall({ ...base, id: 'b', callType: 'out', connectType: 'disconnected' })).toMatchObject({ vendorId: 'b', direction: 'out', connected: false, durationSec: 0 });
    // Without connectType or duration, the times still tell how long a connected call lasted.
    expect(decodeCall({ ...base, id: 'c', duration: 'x' })).toMatchObject({ connected: false, durationSec: 0 });
    expect(decodeCall({ ...base, id: 'd', connectType: 'connected' })).toMatchObject({ durationSec: 61 });
    expect(decodeCall('not a row')).toBeUndefined();
  });
});

describe('SMS, agents, CRM, reports', () => {
  it('SMS time from `sendTime` or `snedTime`', () => {
    expect(decodeSms({ id: 's', smsType: 'in', sendTime: '2019-06-26 11:01:49' })?.sentAt).toBe(Date.UTC(2019, 5, 26, 3, 1, 49));
    expect(decodeSms({ id: 's', smsType: 'out', snedTime: '2019-06-26 11:01:49' })).toMatchObject({ direction: 'out', sentAt: Date.UTC(2019, 5, 26, 3, 1, 49) });
  });

  it('agents by `_id` or `id`', () => {
    expect(decodeAgent({ id: 'x', name: '王芳', phone: 13800000000 })).toEqual({ vendorId: 'x', name: '王芳', phone: '13800000000' });
    expect(decodeAgent({ _id: 'y', name: '李娜' })).toEqual({ vendorId: 'y', name: '李娜' });
  });

  it('the customer template keeps the vendor order and keys', () => {
    expect(decodeCustomerTemplate({ fieldMap: { name: '姓名', filed0: '字段1', job: '职务' } })).toEqual([
      { key: 'name', label: '姓名' },
      { key: 'filed0', label: '字段1' },
      { key: 'job', label: '职务' },
    ]);
    expect(decodeCustomerTemplate({})).toBeUndefined();
  });

  it('reports with numbers as strings; a null day list for today', () => {
    expect(decodeCallReport({ today: '3', late7: 10, late30: '40' })).toEqual({ today: 3, late7: 10, late30: 40 });
    expect(decodeCallDetail({ in: '1', out: 2, inConnect: 1, outConnect: 0, inDuration: '30', outDuration: 0, timeframe: '2024-06-20 ~ 2024-06-20', list: null })).toEqual({
      in: 1,
      out: 2,
      inConnect: 1,
      outConnect: 0,
      inDuration: 30,
      outDuration: 0,
      timeframe: '2024-06-20 ~ 2024-06-20',
      days: [],
    });
  });
});

describe('WeChat rows', () => {
  it('accounts: an empty wxNo1 is no alternative number', () => {
    expect(decodeWeChatAccount({ id: 'a', wxNo: 'wxid_1', wxNo1: '', nick: '张伟' })).toEqual({ vendorId: 'a', wxNo: 'wxid_1', nickname: '张伟' });
  });

  it('contacts: phone numbers in nicknames', () => {
    expect(phonesIn('王姐 139-1234-5678 / 13800001111')).toEqual(['13912345678', '13800001111']);
    expect(phonesIn('订单2138000011112')).toEqual([]);
    expect(decodeWeChatContact({ id: 'c', agentWxNo: 'a', wxNo: 'w', nick: '刘总13512345678', ts: '1561014275' })).toMatchObject({ phones: ['13512345678'], updatedAt: 1561014275000 });
  });

  it('groups: lists split, blanks dropped, a member string split too', () => {
    expect(decodeWeChatGroup({ id: 'g', memberList: 'a; b;;c', displayName: '甲、乙、', memberCount: '3', member: 'm1;m2' })).toMatchObject({
      memberWxNos: ['a', 'b', 'c'],
      memberDisplayNames: ['甲', '乙'],
      memberCount: 3,
      memberIds: ['m1', 'm2'],
      name: '',
    });
  });

  it.each([
    [true, true],
    ['true', true],
    ['1', true],
    [false, false],
    ['false', false],
    [undefined, false],
  ])('members: isAgent %s → %s', (isAgent, expected) => {
    expect(decodeWeChatGroupMember({ id: 'm', chatRoomId: 'g', nick: '海冰', isAgent })?.isAgent).toBe(expected);
  });

  it('members: headImg as a string or an array', () => {
    expect(decodeWeChatGroupMember({ id: 'm', headImg: ['http://a/1'] })?.avatarUrl).toBe('http://a/1');
  });

  it('sessions: isSend "0"/"1", chatType, or a group id alone', () => {
    expect(decodeWeChatSession({ id: 's', agentWxNo: 'a', contactWxNo: 'b', chatType: 'single', isSend: '1' })).toEqual({ vendorId: 's', agentWxNo: 'a', contactWxNo: 'b', chatType: 'single', startedByAgent: true });
    expect(decodeWeChatSession({ id: 's', agentWxNo: 'a', group: 'g', isSend: '0' })).toMatchObject({ chatType: 'group', groupId: 'g', startedByAgent: false });
  });
});
