// The 7moor demo tenant: a small sales team, its customers, three work-phone WeChat accounts with
// friends and groups, and 30 days of chats, calls and SMS. Rows are stored in 7moor's wire form
// (its field names and quirks: `_id`, `snedTime`, numbers as strings in places, `filed0`), so the
// simulator serves them as they are. Same seed and same `now`, same data.
import { epochMsToChinaLocal, chinaDate } from './time';
import {
  SAMPLE_MESSAGE_TYPES,
  avatar,
  between,
  digits,
  imei,
  mobile,
  personName,
  pick,
  recordingPath,
  sampleGroupName,
  sampleMessageBody,
  seededRandom,
  uuid,
  wxid,
  type Rng,
  type SampleMessageType,
} from './samples';

export interface SimAgent {
  _id: string;
  name: string;
  phone: string;
}

/** A CRM customer: id, name and phone, plus any template field as text. */
export type SimCustomer = { id: string; name: string; phone: string } & Record<string, string>;

/** An agent's work phone; WeChat accounts, calls and SMS hang off its imei. */
export interface SimDevice {
  did: string;
  imei: string;
  agentId: string;
}

export interface SimWeChatAccount {
  id: string;
  imei: string;
  phone?: string;
  wxNo: string;
  wxNo1?: string;
  version: string;
  nick: string;
  headImg?: string;
  headImg1?: string;
}

export interface SimContact {
  id: string;
  agentWxNo: string;
  agentNick: string;
  wxNo: string;
  wxNo1?: string;
  nick: string;
  headImg?: string;
  headImg1?: string;
  status?: string;
  createTime?: string;
  ts?: number;
}

export interface SimGroup {
  id: string;
  imei: string;
  agentWxNo: string;
  member: string[];
  name?: string;
  headImg?: string;
  memberList: string;
  displayName?: string;
  roomOwner: string;
  memberCount: string;
}

export interface SimGroupMember {
  id: string;
  chatRoomId: string;
  nick: string;
  headImg?: string;
  wxNo?: string;
  isAgent?: boolean | string;
  agentWxNo?: string;
}

export interface SimSession {
  id: string;
  agentWxNo: string;
  contactWxNo?: string;
  group?: string;
  chatType: 'group' | 'single';
  isSend: '0' | '1';
}

export interface SimMessage {
  id: string;
  chatId: string;
  from?: string;
  msg?: string;
  msgType: string;
  date: string;
  /** Seconds in the doc's example; some rows carry milliseconds. */
  ts: number;
  msgId: string;
  isSend: '0' | '1';
  msgSvrId?: string;
  thumbImgPath?: string;
  bigImgPath?: string;
}

export interface SimCall {
  _id: string;
  did: string;
  imei: string;
  callType: 'in' | 'out';
  connectType: 'connected' | 'disconnected';
  localTel: string;
  uid: string;
  uName: string;
  contactTel: string;
  contactName?: string;
  beginTime: string;
  endTime: string;
  duration?: number | string;
  soundUrl?: string;
}

export interface SimSms {
  id: string;
  did: string;
  imei: string;
  smsType: 'in' | 'out';
  localTel: string;
  uid: string;
  uName: string;
  contactTel: string;
  contactName?: string;
  snedTime: string;
}

export interface MoorDataset {
  /** customerTmp's fieldMap, in display order. */
  template: Record<string, string>;
  agents: SimAgent[];
  devices: SimDevice[];
  /** Agents' work-phone numbers whose phone is offline: callPhone answers 4001. */
  offlinePhones: string[];
  customers: SimCustomer[];
  accounts: SimWeChatAccount[];
  contacts: SimContact[];
  groups: SimGroup[];
  members: SimGroupMember[];
  sessions: SimSession[];
  messages: SimMessage[];
  calls: SimCall[];
  sms: SimSms[];
}

export interface DemoOptions {
  seed?: number;
  /** The simulator clock's now: every time in the data is relative to it. */
  now: number;
  customers?: number;
  messagesPerChat?: number;
  calls?: number;
  sms?: number;
}

const DAY = 86_400_000;

export const DEMO_TEMPLATE: Record<string, string> = {
  name: '姓名',
  phone: '手机',
  address: '地址',
  birthday: '生日',
  email: '邮箱',
  filed0: '意向产品',
  filed1: '预算',
  job: '职务',
  prov_city: '省市',
  remark: '备注',
  sex: '性别',
  source: '来源',
};

const AGENT_NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '赵磊'];
const CITIES = ['上海市', '北京市', '广东省广州市', '浙江省杭州市', '四川省成都市', '江苏省南京市'];
const JOBS = ['采购经理', '总经理', '行政主管', '店长', '财务', '个体经营'];
const SOURCES = ['官网咨询', '展会', '老客户介绍', '抖音广告', '电话营销'];
const PRODUCTS = ['智能门锁', '净水器', '扫地机器人', '空气净化器'];

/** Builds the demo tenant. Every msgType 101–115 and the raw "1" occur at least once. */
export function buildMoorDemoDataset(options: DemoOptions): MoorDataset {
  const rng = seededRandom(options.seed ?? 7);
  const now = options.now;
  const agents = AGENT_NAMES.map((name) => ({ _id: `agiew${digits(rng, 11)}`, name, phone: mobile(rng) }));
  const devices = agents.map((agent) => ({ did: uuid(rng), imei: imei(rng), agentId: agent._id }));
  const customers = buildCustomers(rng, options.customers ?? 45);
  const dataset: MoorDataset = {
    template: { ...DEMO_TEMPLATE },
    agents,
    devices,
    offlinePhones: [agents[agents.length - 1]?.phone ?? ''],
    customers,
    accounts: [],
    contacts: [],
    groups: [],
    members: [],
    sessions: [],
    messages: [],
    calls: [],
    sms: [],
  };
  buildWeChat(rng, dataset, now, options.messagesPerChat ?? 12);
  buildCalls(rng, dataset, now, options.calls ?? 160);
  buildSms(rng, dataset, now, options.sms ?? 60);
  return dataset;
}

function buildCustomers(rng: Rng, count: number): SimCustomer[] {
  const customers: SimCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const name = personName(rng);
    customers.push({
      id: uuid(rng),
      name,
      phone: mobile(rng),
      address: `${pick(rng, CITIES)}${pick(rng, ['人民路', '解放路', '中山路', '建设路'])}${between(rng, 1, 300)}号`,
      birthday: `19${between(rng, 60, 99)}-${String(between(rng, 1, 12)).padStart(2, '0')}-${String(between(rng, 1, 28)).padStart(2, '0')}`,
      email: `${digits(rng, 9)}@qq.com`,
      filed0: pick(rng, PRODUCTS),
      filed1: `${between(rng, 1, 50) * 1000}元`,
      job: pick(rng, JOBS),
      prov_city: pick(rng, CITIES),
      remark: i % 5 === 0 ? '重点跟进' : '',
      sex: pick(rng, ['男', '女']),
      source: pick(rng, SOURCES),
    });
  }
  return customers;
}

interface ChatParty {
  id: string;
  wxNo: string;
  nick: string;
}

function buildWeChat(rng: Rng, data: MoorDataset, now: number, messagesPerChat: number): void {
  // Three of the agents carry WeChat on their work phones.
  for (let a = 0; a < 3; a++) {
    const agent = data.agents[a];
    const device = data.devices[a];
    if (!agent || !device) continue;
    const account: SimWeChatAccount = {
      id: uuid(rng),
      imei: device.imei,
      phone: agent.phone,
      wxNo: wxid(rng),
      version: pick(rng, ['7.0.5', '8.0.32', '8.0.40']),
      nick: `${agent.name}-销售顾问`,
      headImg: avatar(rng, 132),
      headImg1: avatar(rng, 0),
    };
    // The doc: wxNo1 "may not exist", and shows it as a fake_ placeholder or "".
    if (a === 0) account.wxNo1 = `fake_${now - 90 * DAY}`;
    if (a === 1) account.wxNo1 = '';
    data.accounts.push(account);
    const me: ChatParty = { id: account.id, wxNo: account.wxNo, nick: account.nick };

    const friends: ChatParty[] = [];
    for (let c = 0; c < 12; c++) {
      const customer = data.customers[(a * 12 + c) % data.customers.length];
      if (!customer) continue;
      // Agents often write the phone into the nickname; the app matches calls by it.
      const nick = c % 3 === 0 ? `${customer.name} ${customer.phone}` : c % 3 === 1 ? `A${customer.name}${pick(rng, ['姐', '哥', '总'])}` : customer.name;
      const created = now - between(rng, 31, 200) * DAY;
      const contact: SimContact = {
        id: uuid(rng),
        agentWxNo: account.wxNo,
        agentNick: account.nick,
        wxNo: wxid(rng),
        wxNo1: c % 4 === 0 ? `kh${customer.phone}` : '',
        nick,
        headImg: avatar(rng, 96),
        headImg1: avatar(rng, 0),
        status: 'normal',
        createTime: epochMsToChinaLocal(created),
        ts: created,
      };
      data.contacts.push(contact);
      friends.push({ id: contact.id, wxNo: contact.wxNo, nick: contact.nick });
      const session: SimSession = { id: uuid(rng), agentWxNo: account.wxNo, contactWxNo: contact.wxNo, chatType: 'single', isSend: rng() < 0.5 ? '1' : '0' };
      data.sessions.push(session);
      addChat(rng, data, now, session, device, me, [{ id: contact.id, wxNo: contact.wxNo, nick }], messagesPerChat, false);
    }

    for (let g = 0; g < 2; g++) {
      const groupId = uuid(rng);
      const picked = friends.filter(() => rng() < 0.5).slice(0, 6);
      const people = [me, ...(picked.length >= 3 ? picked : friends.slice(0, 4))];
      const memberRows = people.map((person, i): SimGroupMember => ({
        id: uuid(rng),
        chatRoomId: groupId,
        nick: person.nick,
        headImg: avatar(rng, 132),
        wxNo: person.wxNo,
        // The doc shows a boolean; the field table calls it a string. Serve both.
        ...(i === 0 ? { isAgent: g === 0 ? true : 'true', agentWxNo: account.wxNo } : {}),
      }));
      data.members.push(...memberRows);
      data.groups.push({
        id: groupId,
        imei: device.imei,
        agentWxNo: account.wxNo,
        member: memberRows.map((m) => m.id),
        name: sampleGroupName(rng),
        headImg: avatar(rng, 0),
        memberList: people.map((p) => p.wxNo).join(';'),
        displayName: people.map((p) => p.nick).join('、'),
        roomOwner: account.wxNo,
        memberCount: String(people.length),
      });
      const session: SimSession = { id: uuid(rng), agentWxNo: account.wxNo, group: groupId, chatType: 'group', isSend: '0' };
      data.sessions.push(session);
      const speakers = memberRows.slice(1).map((m) => ({ id: m.id, wxNo: m.wxNo ?? '', nick: m.nick }));
      addChat(rng, data, now, session, device, me, speakers, messagesPerChat + 4, true);
    }
  }
  ensureEveryType(rng, data, now);
  data.messages.sort((x, y) => tsMs(x.ts) - tsMs(y.ts));
}

const DIRECT_TYPES: SampleMessageType[] = ['101', '101', '101', '101', '101', '1', '102', '103', '104', '105', '106', '107', '108', '109', '111', '112', '115'];
const GROUP_TYPES: SampleMessageType[] = [...DIRECT_TYPES, '110', '113', '114'];

/** Normalises a row's ts for sorting; mirrors the client's seconds-or-ms rule. */
export function tsMs(ts: number): number {
  return ts < 1e11 ? ts * 1000 : ts;
}

function addChat(
  rng: Rng,
  data: MoorDataset,
  now: number,
  session: SimSession,
  device: SimDevice,
  me: ChatParty,
  peers: ChatParty[],
  count: number,
  group: boolean,
): void {
  for (let i = 0; i < count; i++) {
    const type = pick(rng, group ? GROUP_TYPES : DIRECT_TYPES);
    const peer = pick(rng, peers);
    data.messages.push(makeMessage(rng, { session, device, me, peer, peers, type, atMs: now - Math.floor(rng() * 30 * DAY), group }, data.messages.length));
  }
}

interface MessageSpec {
  session: SimSession;
  device: SimDevice;
  me: ChatParty;
  peer: ChatParty;
  peers: ChatParty[];
  type: SampleMessageType;
  atMs: number;
  group: boolean;
  outgoing?: boolean;
}

function makeMessage(rng: Rng, spec: MessageSpec, index: number): SimMessage {
  const outgoing = spec.outgoing ?? (spec.type === '110' ? false : rng() < 0.4);
  const body = sampleMessageBody(spec.type, rng, {
    outgoing,
    agentWxNo: spec.me.wxNo,
    agentNick: spec.me.nick,
    peerWxNo: spec.peer.wxNo,
    peerNick: spec.peer.nick,
    memberWxNos: [spec.me.wxNo, ...spec.peers.map((p) => p.wxNo)],
    atMs: spec.atMs,
  });
  // The doc's example ts is 10-digit seconds, its contacts' ts milliseconds: every seventh
  // message row uses ms so both forms stay exercised.
  const ts = index % 7 === 6 ? spec.atMs : Math.floor(spec.atMs / 1000);
  return {
    id: uuid(rng),
    chatId: spec.session.id,
    from: outgoing ? spec.me.id : spec.peer.id,
    ...body,
    msgType: spec.type,
    date: chinaDate(spec.atMs),
    ts,
    msgId: String(between(rng, 1, 99_999)),
    isSend: outgoing ? '1' : '0',
    ...(spec.type === '101' || spec.type === '1' ? {} : { msgSvrId: digits(rng, 19) }),
  };
}

/** Random picks might miss a type; the demo promises every one, so add what is missing. */
function ensureEveryType(rng: Rng, data: MoorDataset, now: number): void {
  const present = new Set(data.messages.map((m) => m.msgType));
  const groupSession = data.sessions.find((s) => s.chatType === 'group');
  const directSession = data.sessions.find((s) => s.chatType === 'single');
  for (const type of SAMPLE_MESSAGE_TYPES) {
    if (present.has(type)) continue;
    const session = ['110', '113', '114'].includes(type) ? groupSession : directSession;
    const account = data.accounts.find((a) => a.wxNo === session?.agentWxNo);
    const device = data.devices.find((d) => d.imei === account?.imei);
    if (!session || !account || !device) continue;
    const me = { id: account.id, wxNo: account.wxNo, nick: account.nick };
    const peer = { id: uuid(rng), wxNo: session.contactWxNo ?? wxid(rng), nick: personName(rng) };
    const atMs = now - between(rng, 1, 29) * DAY;
    data.messages.push(makeMessage(rng, { session, device, me, peer, peers: [peer], type, atMs, group: session.chatType === 'group' }, data.messages.length));
  }
}

// ---------------------------------------------------------------------------------------------
// Calls and SMS

interface CallSpec {
  agent: SimAgent;
  device: SimDevice;
  contactTel: string;
  contactName: string | undefined;
  callType: 'in' | 'out';
  connected: boolean;
  beginMs: number;
  durationSec: number;
}

/** A call row as the work phone uploads it; an unanswered call rang for 20 s. */
function callRow(rng: Rng, spec: CallSpec): SimCall {
  return {
    _id: uuid(rng),
    did: spec.device.did,
    imei: spec.device.imei,
    callType: spec.callType,
    connectType: spec.connected ? 'connected' : 'disconnected',
    localTel: spec.agent.phone,
    uid: spec.agent._id,
    uName: spec.agent.name,
    contactTel: spec.contactTel,
    ...(spec.contactName ? { contactName: spec.contactName } : {}),
    beginTime: epochMsToChinaLocal(spec.beginMs),
    endTime: epochMsToChinaLocal(spec.beginMs + spec.durationSec * 1000 + (spec.connected ? 0 : 20_000)),
    duration: spec.durationSec,
  };
}

/** Where a call's recording is, with every form 7moor sends: no scheme, a scheme, each sentinel, nothing. */
function soundUrlFor(rng: Rng, index: number, call: Pick<SimCall, 'localTel' | 'callType'>, atMs: number, connected: boolean): string | undefined {
  const special = ['not_found', 'copy_fail', 'multiple_call_lose'];
  if (index < special.length) return special[index];
  if (!connected) return index % 2 === 0 ? '' : undefined;
  const path = recordingPath(rng, call.localTel, atMs, call.callType);
  return index % 5 === 0 ? `https://${path}` : path;
}

/** Some agent's work phone and some customer, for a past call or SMS. */
function randomParties(rng: Rng, data: MoorDataset) {
  const a = between(rng, 0, data.agents.length - 1);
  const agent = data.agents[a];
  const device = data.devices[a];
  const customer = pick(rng, data.customers);
  return agent && device ? { agent, device, customer } : undefined;
}

function buildCalls(rng: Rng, data: MoorDataset, now: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const parties = randomParties(rng, data);
    if (!parties) continue;
    const { agent, device, customer } = parties;
    const begin = now - Math.floor(rng() * 30 * DAY);
    const connected = i < 3 || rng() < 0.7;
    const callType = rng() < 0.55 ? 'out' : 'in';
    const contactName = rng() < 0.8 ? customer.name : undefined;
    const call = callRow(rng, { agent, device, contactTel: customer.phone, contactName, callType, connected, beginMs: begin, durationSec: connected ? between(rng, 8, 900) : 0 });
    // The doc types duration as int; some rows carry it as a string.
    if (i % 6 === 0) call.duration = String(call.duration);
    const soundUrl = soundUrlFor(rng, i, call, begin, connected);
    if (soundUrl !== undefined) call.soundUrl = soundUrl;
    data.calls.push(call);
  }
  data.calls.sort((x, y) => x.beginTime.localeCompare(y.beginTime));
}

function buildSms(rng: Rng, data: MoorDataset, now: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const parties = randomParties(rng, data);
    if (!parties) continue;
    const { agent, device, customer } = parties;
    data.sms.push({
      id: uuid(rng),
      did: device.did,
      imei: device.imei,
      smsType: rng() < 0.5 ? 'in' : 'out',
      localTel: agent.phone,
      uid: agent._id,
      uName: agent.name,
      contactTel: customer.phone,
      ...(rng() < 0.7 ? { contactName: customer.name } : {}),
      snedTime: epochMsToChinaLocal(now - Math.floor(rng() * 30 * DAY)),
    });
  }
  data.sms.sort((x, y) => x.snedTime.localeCompare(y.snedTime));
}

export interface LiveMessageInput {
  /** The session (chat) the message lands in; defaults to the first direct chat. */
  chatId?: string;
  msgType?: SampleMessageType;
  /** Explicit body; otherwise a sample of `msgType`. */
  msg?: string;
  outgoing?: boolean;
  atMs: number;
  rng: Rng;
}

/** A new message row in an existing chat, as live traffic would bring it. */
export function liveMessage(data: MoorDataset, input: LiveMessageInput): SimMessage {
  const session = data.sessions.find((s) => s.id === input.chatId) ?? data.sessions.find((s) => s.chatType === 'single');
  if (!session) throw new Error('the dataset has no chat to add a message to');
  const account = data.accounts.find((a) => a.wxNo === session.agentWxNo);
  const device = data.devices.find((d) => d.imei === account?.imei) ?? data.devices[0];
  if (!account || !device) throw new Error('the chat has no WeChat account');
  const me = { id: account.id, wxNo: account.wxNo, nick: account.nick };
  const peers =
    session.chatType === 'group'
      ? data.members.filter((m) => m.chatRoomId === session.group && m.wxNo !== account.wxNo).map((m) => ({ id: m.id, wxNo: m.wxNo ?? '', nick: m.nick }))
      : data.contacts.filter((c) => c.wxNo === session.contactWxNo).map((c) => ({ id: c.id, wxNo: c.wxNo, nick: c.nick }));
  const peer = peers[0] ?? { id: uuid(input.rng), wxNo: wxid(input.rng), nick: personName(input.rng) };
  const message = makeMessage(input.rng, {
    session,
    device,
    me,
    peer,
    peers: peers.length > 0 ? peers : [peer],
    type: input.msgType ?? '101',
    atMs: input.atMs,
    group: session.chatType === 'group',
    outgoing: input.outgoing ?? false,
  }, data.messages.length);
  if (input.msg !== undefined) message.msg = input.msg;
  return message;
}

/** The agent (by work-phone number, else the first) and the customer of a live call or SMS. */
function liveParties(data: MoorDataset, input: { agentPhone?: string; contactTel?: string; rng: Rng }) {
  const a = Math.max(0, data.agents.findIndex((x) => x.phone === input.agentPhone));
  const agent = data.agents[a];
  const device = data.devices[a];
  if (!agent || !device) throw new Error('the dataset has no agent');
  const contactTel = input.contactTel ?? data.customers[0]?.phone ?? mobile(input.rng);
  return { agent, device, contactTel, contactName: data.customers.find((c) => c.phone === contactTel)?.name };
}

/** A new call row for `agentPhone` (or the first agent), as the work phone would upload it. */
export function liveCall(data: MoorDataset, input: { agentPhone?: string; contactTel?: string; callType?: 'in' | 'out'; connected?: boolean; durationSec?: number; atMs: number; rng: Rng }): SimCall {
  const { agent, device, contactTel, contactName } = liveParties(data, input);
  const connected = input.connected ?? true;
  const callType = input.callType ?? 'in';
  const call = callRow(input.rng, { agent, device, contactTel, contactName, callType, connected, beginMs: input.atMs, durationSec: connected ? input.durationSec ?? 60 : 0 });
  if (connected) call.soundUrl = recordingPath(input.rng, agent.phone, input.atMs, callType);
  return call;
}

/** A new SMS row for `agentPhone` (or the first agent). */
export function liveSms(data: MoorDataset, input: { agentPhone?: string; contactTel?: string; smsType?: 'in' | 'out'; atMs: number; rng: Rng }): SimSms {
  const { agent, device, contactTel, contactName } = liveParties(data, input);
  return {
    id: uuid(input.rng),
    did: device.did,
    imei: device.imei,
    smsType: input.smsType ?? 'in',
    localTel: agent.phone,
    uid: agent._id,
    uName: agent.name,
    contactTel,
    ...(contactName ? { contactName } : {}),
    snedTime: epochMsToChinaLocal(input.atMs),
  };
}
