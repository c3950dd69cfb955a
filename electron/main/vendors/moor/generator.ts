// Large 7moor datasets for benchmarks, streamed: rows are produced one at a time from a seed, so
// a million messages never sit in memory together. Same seed, same rows.
import type { SimCall, SimMessage } from './demo-data';
import {
  SAMPLE_MESSAGE_TYPES,
  between,
  digits,
  imei as newImei,
  mobile,
  personName,
  pick,
  recordingPath,
  sampleMessageBody,
  seededRandom,
  uuid,
  wxid,
  type SampleMessageType,
} from './samples';
import { chinaDate, epochMsToChinaLocal } from './time';

export interface GeneratorOptions {
  seed?: number;
  count: number;
  /** Rows are spread evenly from `startMs` to `endMs`, oldest first. */
  startMs: number;
  endMs: number;
}

export interface MessageGeneratorOptions extends GeneratorOptions {
  /** How many chats the messages spread over (default 500). */
  chats?: number;
  /** Share of text messages (default 0.7); the rest cycle through every other type. */
  textShare?: number;
}

interface GeneratedChat {
  id: string;
  agentId: string;
  agentWxNo: string;
  agentNick: string;
  peerId: string;
  peerWxNo: string;
  peerNick: string;
}

const NON_TEXT = SAMPLE_MESSAGE_TYPES.filter((t) => t !== '101' && t !== '1');

/** getWeMessageByPage rows, oldest first, as 7moor would serve them. */
export function* generateMoorMessages(options: MessageGeneratorOptions): Generator<SimMessage> {
  const rng = seededRandom(options.seed ?? 42);
  const chatCount = Math.max(1, options.chats ?? 500);
  const agents = Array.from({ length: Math.min(10, chatCount) }, () => ({ id: uuid(rng), wxNo: wxid(rng), nick: `${personName(rng)}-销售` }));
  // Chats are made on first use, so a small count stays cheap and a large one stays bounded.
  const chats = new Map<number, GeneratedChat>();
  const chatAt = (index: number): GeneratedChat => {
    let chat = chats.get(index);
    if (!chat) {
      const agent = agents[index % agents.length] ?? { id: uuid(rng), wxNo: wxid(rng), nick: '销售' };
      const nick = personName(rng);
      chat = {
        id: uuid(rng),
        agentId: agent.id,
        agentWxNo: agent.wxNo,
        agentNick: agent.nick,
        peerId: uuid(rng),
        peerWxNo: wxid(rng),
        peerNick: index % 4 === 0 ? `${nick} ${mobile(rng)}` : nick,
      };
      chats.set(index, chat);
    }
    return chat;
  };
  const step = options.count > 1 ? (options.endMs - options.startMs) / (options.count - 1) : 0;
  const textShare = options.textShare ?? 0.7;
  for (let i = 0; i < options.count; i++) {
    const chat = chatAt(between(rng, 0, chatCount - 1));
    const atMs = Math.round(options.startMs + i * step);
    const type: SampleMessageType = rng() < textShare ? '101' : pick(rng, NON_TEXT);
    const outgoing = rng() < 0.4;
    const body = sampleMessageBody(type, rng, {
      outgoing,
      agentWxNo: chat.agentWxNo,
      agentNick: chat.agentNick,
      peerWxNo: chat.peerWxNo,
      peerNick: chat.peerNick,
      atMs,
    });
    yield {
      id: uuid(rng),
      chatId: chat.id,
      from: outgoing ? chat.agentId : chat.peerId,
      ...body,
      msgType: type,
      date: chinaDate(atMs),
      ts: Math.floor(atMs / 1000),
      msgId: String(i + 1),
      isSend: outgoing ? '1' : '0',
      ...(type === '101' ? {} : { msgSvrId: digits(rng, 19) }),
    };
  }
}

/** api/device/call rows, oldest first, across `agents` work phones (default 20). */
export function* generateMoorCalls(options: GeneratorOptions & { agents?: number }): Generator<SimCall> {
  const rng = seededRandom(options.seed ?? 43);
  const agents = Array.from({ length: Math.max(1, options.agents ?? 20) }, () => ({
    id: uuid(rng),
    name: personName(rng),
    phone: mobile(rng),
    did: uuid(rng),
    imei: newImei(rng),
  }));
  const step = options.count > 1 ? (options.endMs - options.startMs) / (options.count - 1) : 0;
  for (let i = 0; i < options.count; i++) {
    const agent = pick(rng, agents);
    const begin = Math.round(options.startMs + i * step);
    const connected = rng() < 0.7;
    const duration = connected ? between(rng, 5, 1200) : 0;
    const callType = rng() < 0.55 ? 'out' : 'in';
    yield {
      _id: uuid(rng),
      did: agent.did,
      imei: agent.imei,
      callType,
      connectType: connected ? 'connected' : 'disconnected',
      localTel: agent.phone,
      uid: agent.id,
      uName: agent.name,
      contactTel: mobile(rng),
      contactName: personName(rng),
      beginTime: epochMsToChinaLocal(begin),
      endTime: epochMsToChinaLocal(begin + duration * 1000),
      duration,
      ...(connected ? { soundUrl: rng() < 0.03 ? 'not_found' : recordingPath(rng, agent.phone, begin, callType) } : {}),
    };
  }
}
