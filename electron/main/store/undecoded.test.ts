// The undecoded table through the store: noted with the page that stores the record, cleared when
// a later copy reads in full, recorded from client reports, summed up per endpoint and kind, and
// gone with the account.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecodeGaps, DecodedMessage, UndecodedObservation } from '@shared/model';
import { openStore } from './store';
import { addAccount, callRecord, T0, tempStore, textMessage, type TempStore } from './test-kit';

const MSG_ENDPOINT = 'moor.wechat.getWeMessageByPage';
const gaps = (unread: DecodeGaps['unread'] = []): DecodeGaps => ({ endpoint: MSG_ENDPOINT, decoder: 1, unread });

function unknownMessage(id: string, vendorType: string, extra: Partial<DecodedMessage> = {}): DecodedMessage {
  return {
    ...textMessage(id, '[暂不支持的消息]'),
    content: { kind: 'unknown', body: { reason: `msgType ${vendorType} is not a type 7moor documents`, vendorType } },
    raw: JSON.stringify({ id, msgType: vendorType, msg: '{"nickName":"张三","phone":"13812345678"}' }),
    gaps: gaps(),
    ...extra,
  };
}

let temp: TempStore;
let heard: string[][];
beforeEach(() => {
  temp = tempStore();
  temp.store.close();
  heard = [];
  temp.store = openStore({ file: temp.file, now: () => temp.clock.now, onUndecoded: (ids) => heard.push(ids) });
  addAccount(temp.store, 'moor-1', 'moor');
});
afterEach(() => temp.dispose());

const rows = () => temp.store.undecoded.summary('moor-1');

describe('undecoded records in the store', () => {
  it('notes a message of an unknown type with the page that stores it, and counts it once however often it comes', () => {
    const page = { accountId: 'moor-1', vendor: 'moor' as const, messages: [unknownMessage('m1', '999'), unknownMessage('m2', '4242'), textMessage('m3', '你好')] };
    temp.store.applyMessagePage(page);
    temp.store.applyMessagePage(page);
    expect(heard).toEqual([['moor-1'], ['moor-1']]);
    const [group, ...others] = rows();
    expect(others).toEqual([]);
    expect(group).toMatchObject({ endpoint: MSG_ENDPOINT, recordType: 'message', kind: 'unknownType', records: 2, seen: 2 });
    expect([...group!.vendorTypes].sort()).toEqual(['4242', '999']);
    expect(JSON.parse(group!.sample!)).toMatchObject({ msgType: expect.any(String) });
  });

  it('notes a partly read message and call, and clears the note when a later copy reads in full', () => {
    const partly = textMessage('m1', '你好', { gaps: gaps([{ field: 'from', type: 'object' }]) });
    temp.store.applyMessagePage({ accountId: 'moor-1', vendor: 'moor', messages: [partly] });
    temp.store.applyCallPage({ accountId: 'moor-1', items: [{ ...callRecord('c1'), gaps: { endpoint: 'moor.device.call', decoder: 1, unread: [{ field: 'duration', type: 'object' }] } }] });
    expect(rows().map((g) => [g.endpoint, g.recordType, g.kind, g.records, g.fields])).toEqual([
      ['moor.device.call', 'call', 'partlyRead', 1, ['duration']],
      [MSG_ENDPOINT, 'message', 'partlyRead', 1, ['from']],
    ]);
    const stored = temp.store.calls.page().items[0]!;
    expect(stored).not.toHaveProperty('gaps');

    temp.store.applyMessagePage({ accountId: 'moor-1', vendor: 'moor', messages: [textMessage('m1', '你好', { senderId: 'wxid_x', raw: '{"fixed":1}' })] });
    temp.store.applyCallPage({ accountId: 'moor-1', items: [callRecord('c1', { durationSec: 35, raw: '{"fixed":1}' })] });
    expect(rows()).toEqual([]);
  });

  it('records what clients report, counting answers by how often they came', () => {
    const answer: UndecodedObservation = {
      endpoint: 'moor.crm.getUsers',
      kind: 'unreadableAnswer',
      recordType: 'answer',
      recordKey: 'moor.crm.getUsers:unreadableAnswer',
      detail: { reason: 'not JSON', httpStatus: 200 },
      sample: '{"code":1,"data":{"list":[{"id":',
      decoder: 1,
    };
    temp.store.undecoded.record('moor-1', [answer]);
    temp.clock.now = T0 + 60_000;
    temp.store.undecoded.record('moor-1', [{ ...answer, sample: '<html>502</html>' }]);
    expect(rows()).toEqual([
      {
        endpoint: 'moor.crm.getUsers',
        recordType: 'answer',
        kind: 'unreadableAnswer',
        records: 1,
        seen: 2,
        firstSeenAt: T0,
        lastSeenAt: T0 + 60_000,
        vendorTypes: [],
        fields: [],
        sample: '<html>502</html>',
      },
    ]);
    temp.store.undecoded.record('moor-1', []);
    expect(heard).toEqual([['moor-1'], ['moor-1']]);
  });

  it('goes with the account, a batch at a time', () => {
    temp.store.applyMessagePage({ accountId: 'moor-1', vendor: 'moor', messages: [unknownMessage('m1', '999')] });
    temp.store.undecoded.record('moor-1', [{ endpoint: 'e', kind: 'partlyRead', recordType: 'contact', recordKey: 'k', detail: {}, sample: '{}', decoder: 1 }]);
    let steps = 0;
    while (!temp.store.accounts.removeStep('moor-1')) steps++;
    expect(steps).toBeGreaterThan(0);
    addAccount(temp.store, 'moor-1', 'moor');
    expect(rows()).toEqual([]);
  });
});
