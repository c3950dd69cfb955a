// The 7moor doc's own example payloads (fixtures/doc, see its README) decode as the doc means them.
// Endpoint examples are replayed over real HTTP to the real client, so the envelope, the schemas
// and the decoders are all exercised; message bodies go through the message decoder as 7moor
// ships them: a JSON string in the row's `msg`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@shared/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../secrets/secret-store';
import { MoorClient } from './client';
import { ManualClock } from '../http/manual-clock';
import { decodeMoorMessage } from './message-decoder';
import { ACCOUNT, T0, docExample } from './test-support';

/** path → the doc example it answers with; a test may swap one in for a failure. */
const answers: Record<string, string> = {
  '/oauth/token/getToken': 'getToken.response',
  '/oauth/token/reToken': 'reToken.response',
  '/api/crm/customerTmp': 'customerTmp.response',
  '/api/crm/addCustomer': 'addCustomer.response',
  '/api/crm/delCustomer': 'delCustomer.response',
  '/api/crm/uptCustomer': 'uptCustomer.response',
  '/api/crm/callPhone': 'callPhone.response',
  '/api/crm/autoAddWx': 'autoAddWx.response',
  '/api/crm/getUsers': 'getUsers.response',
  '/api/device/call': 'deviceCall.response',
  '/api/device/sms': 'deviceSms.response',
  '/api/report/callReport': 'callReport.response',
  '/api/report/callDetail': 'callDetail.response',
  '/api/wechat/queryWeChatUserByPage': 'queryWeChatUserByPage.response',
  '/api/wechat/getWeContactByPage': 'getWeContactByPage.response',
  '/api/wechat/getWeChatRoomByPage': 'getWeChatRoomByPage.response',
  '/api/wechat/getWeChatRoomMemberByPage': 'getWeChatRoomMemberByPage.response',
  '/api/wechat/getWeChatByPage': 'getWeChatByPage.response',
  '/api/wechat/getWeMessageByPage': 'getWeMessageByPage.response',
};
const received: { path: string; query: Record<string, string>; body: unknown }[] = [];
let server: Server;
let client: MoorClient;
const clock = new ManualClock(T0);
const secrets = new MemorySecretStore();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), body: text ? JSON.parse(text) : undefined });
      const name = answers[url.pathname];
      res.writeHead(name ? 200 : 404, { 'content-type': 'application/json' }).end(name ? JSON.stringify(docExample(name)) : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await secrets.set(ACCOUNT, 'clientSecret', 'af9cb1d2acf88264ab8477e3b8b34353');
  client = new MoorClient({ accountId: ACCOUNT, clientId: '0f30a37f1adca729', secrets, clock, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const last = (path: string) => received.filter((r) => r.path === path).at(-1);

describe('doc examples: tokens', () => {
  it('getToken stores both tokens; reToken before expiry extends the same one', async () => {
    await client.getAgents();
    expect(last('/oauth/token/getToken')?.body).toEqual({ clientId: '0f30a37f1adca729', clientSecret: 'af9cb1d2acf88264ab8477e3b8b34353' });
    expect(await secrets.get(ACCOUNT, 'accessToken')).toBe('70C5F5F19942DF9378422B649D3E14BD');
    expect(await secrets.get(ACCOUNT, 'refreshToken')).toBe('F8A3F1DB4EF4DECFB3526E11C5D9C90A');
    expect(last('/api/crm/getUsers')?.query).toEqual({ timestamp: String(T0), accessToken: '70C5F5F19942DF9378422B649D3E14BD' });

    clock.advance(2 * 3_600_000);
    await client.getAgents();
    expect(last('/oauth/token/reToken')?.query).toEqual({ timestamp: String(clock.now()), refreshToken: 'F8A3F1DB4EF4DECFB3526E11C5D9C90A' });
    expect(Number(await secrets.get(ACCOUNT, 'accessTokenExpiresAt'))).toBe(clock.now() + 2 * 3_600_000);
  });
});

describe('doc examples: CRM', () => {
  it('customerTmp: the fields in order, `filed0`/`filed1` kept as sent', async () => {
    expect(await client.getCustomerTemplate()).toEqual([
      { key: 'name', label: '姓名' },
      { key: 'phone', label: '手机' },
      { key: 'address', label: '地址' },
      { key: 'birthday', label: '生日' },
      { key: 'email', label: '邮箱' },
      { key: 'filed0', label: '字段1' },
      { key: 'filed1', label: '字段2' },
      { key: 'job', label: '职务' },
      { key: 'prov_city', label: '省市' },
      { key: 'remark', label: '备注' },
      { key: 'sex', label: '性别' },
      { key: 'source', label: '来源' },
    ]);
  });

  it('addCustomer, delCustomer, uptCustomer send the doc request bodies and read the answers', async () => {
    const request = docExample('addCustomer.request') as { name: string; phone: string };
    expect(await client.addCustomer(request)).toBe('a5511d68-be6b-11e9-9bbe-a0999b1a254b');
    expect(last('/api/crm/addCustomer')?.body).toEqual(request);
    await client.deleteCustomer('a5511d68-be6b-11e9-9bbe-a0999b1a254b');
    expect(last('/api/crm/delCustomer')?.body).toEqual(docExample('delCustomer.request'));
    await client.updateCustomer('a5511d68-be6b-11e9-9bbe-a0999b1a254b', {});
    expect(last('/api/crm/uptCustomer')?.body).toEqual(docExample('uptCustomer.request'));
  });

  it('callPhone and autoAddWx send the doc request bodies', async () => {
    await client.callPhone(docExample('callPhone.request') as { callPhone: string; userPhone: string });
    expect(last('/api/crm/callPhone')?.body).toEqual(docExample('callPhone.request'));
    await client.autoAddWx(docExample('autoAddWx.request') as { phone: string; userPhone: string });
    expect(last('/api/crm/autoAddWx')?.body).toEqual(docExample('autoAddWx.request'));
  });

  it('getUsers: `_id` is the agent id', async () => {
    expect(await client.getAgents()).toEqual([{ vendorId: 'agiew74717516969', name: '张三', phone: '13899999999' }]);
  });
});

describe('doc examples: calls, SMS, reports', () => {
  it('api/device/call: China-local times, the recording URL given its missing scheme', async () => {
    const page = await client.listCalls({ page: 1, pageSize: 10 });
    expect(page.count).toBe(1);
    expect(page.items[0]).toEqual({
      vendorId: '0e4ccc60-8b6e-4693-87d4-f7d84bf57bf5',
      deviceId: 'e1ec479c-971f-11e9-b311-0242ac120002',
      imei: '867183048059394',
      direction: 'out',
      connected: false,
      localPhone: '13323333333',
      agentId: '076f2acf-e810-4bc0-9c31-bbc21135709d',
      agentName: '川普',
      contactPhone: '15023333333',
      contactName: '奥巴马',
      beganAt: Date.UTC(2019, 5, 26, 3, 1, 49),
      endedAt: Date.UTC(2019, 5, 26, 3, 2, 50),
      durationSec: 61,
      recordingState: 'available',
      recordingUrl: 'https://cf-workphone.oss-cn-hangzhou.aliyuncs.com/originalRecord/P00000000024/201907/20190708172233-19926022861-outCall-1562577753335.mp3',
      raw: JSON.stringify((docExample('deviceCall.response') as { data: { list: unknown[] } }).data.list[0]),
    });
  });

  it('the "step 2" placeholder row still becomes a record, not a crash', async () => {
    answers['/api/device/call'] = 'deviceCall.step2.response';
    const page = await client.listCalls({ page: 1, pageSize: 10 });
    answers['/api/device/call'] = 'deviceCall.response';
    expect(page.count).toBe(1);
    expect(page.items[0]).toMatchObject({ vendorId: expect.stringMatching(/^h[0-9a-f]{16}$/), recordingState: 'none', durationSec: 0 });
  });

  it('api/device/sms: `snedTime` is the time', async () => {
    const page = await client.listSms({ page: 1, pageSize: 10 });
    expect(page.items[0]).toMatchObject({ vendorId: '0e4ccc60-8b6e-4693-87d4-f7d84bf57bf5', direction: 'out', sentAt: Date.UTC(2019, 5, 26, 3, 1, 49), contactName: '奥巴马' });
  });

  it('callReport and callDetail', async () => {
    expect(await client.getCallReport('d65cca44-930c-11e9-b272-0242ac110006')).toEqual({ today: 31, late7: 142, late30: 176 });
    expect(last('/api/report/callReport')?.body).toEqual({ agentId: 'd65cca44-930c-11e9-b272-0242ac110006' });
    expect(await client.getCallDetail('d65cca44-930c-11e9-b272-0242ac110006', 'late7')).toEqual({
      in: 45,
      out: 97,
      inConnect: 26,
      outConnect: 41,
      inDuration: 550,
      outDuration: 980,
      timeframe: '2019-07-11 ~ 2019-07-17',
      days: [
        { date: '2019-07-11', in: 0, out: 0, inDuration: 0, outDuration: 0 },
        { date: '2019-07-17', in: 7, out: 24, inDuration: 120, outDuration: 429 },
      ],
    });
    expect(last('/api/report/callDetail')?.body).toEqual({ agentId: 'd65cca44-930c-11e9-b272-0242ac110006', timeSet: 'late7' });
  });
});

describe('doc examples: WeChat', () => {
  it('queryWeChatUserByPage: the vendor total, wxNo1 as the alternative number', async () => {
    const page = await client.listWeChatAccounts({ page: 1, pageSize: 10 });
    expect(page.count).toBe(3);
    expect(page.items[0]).toMatchObject({ vendorId: '00557d49-9d7a-11e9-b16f-0242ac110006', wxNo: 'wxid_m90g9psrmdbf22', wxNoAlt: 'fake_1561617539899', nickname: '电信手', version: '7.0.5', phone: '17781651273' });
  });

  it('getWeContactByPage: the phone number in the nickname, times from createTime and ts', async () => {
    const page = await client.listWeChatContacts({ page: 1, pageSize: 10 });
    expect(page.count).toBe(206);
    const contact = page.items[0]!;
    expect(contact).toMatchObject({ agentWxNo: 'wxid_1gdwolwrn5hs22', agentNickname: '呵呵1', nickname: 'A00耘健身小虎 15397778083', status: 'normal', phones: ['15397778083'] });
    expect(contact.wxNoAlt).toBeUndefined();
    expect(contact.createdAt).toBe(Date.UTC(2019, 5, 20, 7, 4, 35));
    expect(contact.updatedAt).toBe(1561014275882);
  });

  it('getWeChatRoomByPage: ";" and "、" lists, memberCount from a string', async () => {
    const group = (await client.listWeChatGroups({ page: 1, pageSize: 10 })).items[0]!;
    expect(group.memberWxNos).toHaveLength(15);
    expect(group.memberWxNos[0]).toBe('lu616601854');
    expect(group.memberDisplayNames).toHaveLength(15);
    expect(group.memberDisplayNames[0]).toBe('黄璐');
    expect(group).toMatchObject({ name: '打农药的王者', memberCount: 15, roomOwnerWxNo: 'lu616601854', memberIds: ['ffc17316-a454-11e9-adf5-0242ac110009'] });
  });

  it('getWeChatRoomMemberByPage: isAgent true', async () => {
    const page = await client.listWeChatGroupMembers({ chatRoomId: '2a7a1c4d-9323-11e9-b272-0242ac110006', page: 1, pageSize: 10 });
    expect(last('/api/wechat/getWeChatRoomMemberByPage')?.body).toEqual({ chatRoomId: '2a7a1c4d-9323-11e9-b272-0242ac110006', page: 1, pageSize: 10 });
    expect(page.items[0]).toMatchObject({ vendorId: 'ffc21cdb-a454-11e9-adf5-0242ac110009', nickname: '海冰', wxNo: 'haibing0', isAgent: true, agentWxNo: 'haibing0' });
  });

  it('getWeChatByPage: a group session the other side started', async () => {
    const page = await client.listWeChatSessions({ page: 1, pageSize: 10 });
    expect(page.items[0]).toEqual({ vendorId: '2b0959b1-9323-11e9-b272-0242ac110006', agentWxNo: 'wxid_tzp39rgo8r9u22', groupId: '2b06e8a8-9323-11e9-b272-0242ac110006', chatType: 'group', startedByAgent: false });
  });

  it('getWeMessageByPage: raw type "1", seconds ts, leading newline kept', async () => {
    const page = await client.listWeChatMessages({ chatId: '2b0959b1-9323-11e9-b272-0242ac110006', page: 1, pageSize: 10 }, { conversationKindOf: () => 'group' });
    expect(page.count).toBe(75);
    expect(page.items[0]).toMatchObject({
      vendorMsgId: '43b3a7f5-9328-11e9-b272-0242ac110006',
      conversationKey: '2b0959b1-9323-11e9-b272-0242ac110006',
      conversationKind: 'group',
      direction: 'in',
      sentAt: 1561013064000,
      content: { kind: 'text', body: { text: '\n真的是好难约噢' } },
      text: '真的是好难约噢',
      senderId: '293ab6bc-9323-11e9-b272-0242ac110006',
    });
  });

  it.each(['queryWeChatUserByPage', 'getWeContactByPage', 'getWeChatRoomByPage', 'getWeChatByPage'])('%s failure example is a VENDOR error', async (name) => {
    answers[`/api/wechat/${name}`] = `${name}.failure`;
    const call =
      name === 'queryWeChatUserByPage'
        ? client.listWeChatAccounts({ page: 1, pageSize: 1 })
        : name === 'getWeContactByPage'
          ? client.listWeChatContacts({ page: 1, pageSize: 1 })
          : name === 'getWeChatRoomByPage'
            ? client.listWeChatGroups({ page: 1, pageSize: 1 })
            : client.listWeChatSessions({ page: 1, pageSize: 1 });
    const error = await call.catch((e: unknown) => e);
    answers[`/api/wechat/${name}`] = `${name}.response`;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VENDOR');
    expect((error as AppError).details).toMatchObject({ vendorCode: 0, vendorMsg: '' });
  });
});

describe('doc examples: message bodies, shipped in `msg` as a JSON string', () => {
  const message = (msgType: string, fields: Record<string, unknown>) =>
    decodeMoorMessage({ id: `doc-${msgType}`, chatId: 'c', msgType, ts: 1561013064, isSend: '0', ...fields });
  const body = (name: string) => JSON.stringify(docExample(name));

  it('101 text', () => {
    expect(message('101', docExample('msg101') as Record<string, unknown>).content).toEqual({ kind: 'text', body: { text: '这是文本' } });
    expect(message('101', { msg: body('msg101') }).content).toEqual({ kind: 'text', body: { text: '这是文本' } });
  });

  it('102–104 media from the wxMedia structure', () => {
    const media = docExample('msg102-104') as Record<string, unknown>;
    expect(message('102', media).content).toEqual({ kind: 'image', body: { key: 'test_big.jpg', thumbUrl: 'test_thumb.jpg' } });
    expect(message('103', media).content).toEqual({ kind: 'voice', body: { key: 'test_thumb.jpg' } });
    expect(message('104', media).content).toEqual({ kind: 'video', body: { key: 'test_big.jpg', thumbUrl: 'test_thumb.jpg' } });
  });

  it('105 card of an official account', () => {
    const m = message('105', { msg: body('msg105') });
    expect(m.content).toEqual({
      kind: 'card',
      body: { cardType: 'official', nickname: '一块二包邮', wxNo: 'gh_66cc2df58915', avatarUrl: 'http://wx.qlogo.cn/mmhead/Q3auHgzwzM5riaOEnlFZtibiaMZMpIricKZaosia2ExVGKzNZga4D2L92OQ/0' },
    });
    expect(m.text).toBe('[名片] 一块二包邮');
  });

  it('106 location', () => {
    expect(message('106', { msg: body('msg106') }).content).toEqual({ kind: 'location', body: { lat: 30.554096, lng: 104.062881, address: '蜀都中心二期(武侯区吉庆三路333号)' } });
  });

  it('107 type 19 chat record (with the garbled `showtrueype` beside it)', () => {
    const m = message('107', { msg: body('msg107') });
    expect(m.content).toEqual({
      kind: 'chatRecord',
      body: {
        title: '余林呱与余林🐑的聊天记录',
        description: '余林呱:[图片]\n余林呱:那个。。给我发个红包???\n余林呱:[动画表情]\n余林呱:[图片]\n余林呱:[色]...',
        url: 'https://support.weixin.qq.com/cgi-bin/mmsupport-bin/readtemplate?t=page/favorite_record__w_unsupport&from=singlemessage&isappinstalled=0',
        items: '余林呱与余林🐑的聊天记录',
      },
    });
    expect(m.text).toBe('[聊天记录] 余林呱与余林🐑的聊天记录');
  });

  it('108 the four system examples', () => {
    expect(message('108', { msg: body('msg108.a') }).content).toEqual({ kind: 'system', body: { text: '"A手机维修二手买卖" 撤回了一条消息', subtype: 'unknown' } });
    expect(message('108', { msg: body('msg108.b') }).content).toEqual({ kind: 'system', body: { text: '位置共享已经结束', subtype: 'normal' } });
    expect(message('108', { msg: body('msg108.c') }).content).toEqual({ kind: 'system', body: { text: 'H.Note领取了你的红包', subtype: 'redPacket' } });
    expect(message('108', { msg: body('msg108.d') }).content).toEqual({ kind: 'system', body: { text: '"H.Note" 撤回了一条消息', subtype: 'normal' } });
  });

  it('109 recall with `test` and `timestrueamp`', () => {
    expect(message('109', { msg: body('msg109') }).content).toEqual({ kind: 'recall', body: { text: '你撤回了一条消息', originalText: '这是第三条消息', recalledAt: 1560150444638 } });
  });

  it('110 group system: JSON-ified and verbatim with backticks', () => {
    const texts = ['"名字"邀请"余林🐑"加入了群聊', '"名字"修改群名为“测试群”', '"superwomen"邀请你加入了群聊,群聊参与人还有:呵呵😄'];
    for (const [i, suffix] of ['a', 'b', 'c'].entries()) {
      const fixture = docExample(`msg110.${suffix}`) as { msg: string };
      const expected = { kind: 'system', body: { text: texts[i], subtype: 'group' } };
      expect(message('110', fixture).content).toEqual(expected);
      expect(message('110', { msg: body(`msg110.${suffix}`) }).content).toEqual(expected);
      // The doc's text exactly: {"msg": `...`} is not JSON, yet the agent must see the line.
      expect(message('110', { msg: `{\n"msg": \`${texts[i]}\`\n}` }).content).toEqual(expected);
    }
  });

  it('112 red packet, unopened, with the greeting as title', () => {
    const m = message('112', { msg: body('msg112') });
    expect(m.content).toMatchObject({ kind: 'redPacket', body: { title: '普天同庆', status: 'unopened', payMsgId: '1000039501201906056011499657896', description: '我给你发了一个红包,赶紧去拆!' } });
    expect(m.text).toBe('[红包] 普天同庆');
  });

  it('113 group collection: nobody paid yet, five payers of 2 fen each', () => {
    const m = message('113', { msg: body('msg113') });
    expect(m.content).toMatchObject({
      kind: 'groupCollection',
      body: { title: '活动账单', description: '每人需支付0.02元', initiatorWxNo: 'wxid_1gdwolwrn5hs22', collectionStatus: 'none', participants: 5, paidCount: 0 },
    });
    const payers = (m.content.body as { payers: { wxNo: string; amountFen: number; paid: boolean }[] }).payers;
    expect(payers).toHaveLength(5);
    expect(payers.every((p) => p.amountFen === 2 && !p.paid)).toBe(true);
    expect(payers[0]?.wxNo).toBe('wxid_tzp39rgo8r9u22');
  });

  it('114 reminder points at the bill', () => {
    const m = message('114', { msg: body('msg114') });
    expect(m.content).toEqual({
      kind: 'groupCollection',
      body: { description: '@菜头 @「卷心菜」 @呵呵😄 @电信手机📱 @余林呱\n你有一笔未支付的群收款', collectionStatus: 'unknown', payId: '0db48218eb1a54d77489c9bb4fcd80b50b2aa1cb9846f6a12cb53f24f8ce45a910f32bdc64fc4d5eaf51bbf30ed4c4d' },
    });
  });

  it('115 transfer received', () => {
    const m = message('115', { msg: body('msg115') });
    expect(m.content).toEqual({
      kind: 'transfer',
      body: { amount: '¥0.01', paySubType: '3', status: 'received', transferId: '1000050101201906051703664585970', description: '收到转账0.01元。如需收钱,请点此升级至最新版本' },
    });
    expect(m.text).toBe('[转账] ¥0.01 已收款');
  });
});
