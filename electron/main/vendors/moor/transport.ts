// One 7moor round trip: POST, then the envelope (code 1 ok, code 0 failure) unwrapped into the
// data or a typed error. Shared by the token calls and the API calls so both read answers alike.
import type { z } from 'zod';
import type { HttpClient, QueryValue } from '../http/http-client';
import { parseJsonBody } from '../http/http-client';
import { payloadText, type UndecodedRecorder } from '../undecoded';
import { moorFailure, unexpectedResponse } from './errors';
import { MoorEnvelope } from './wire';

export const MOOR_DEFAULT_BASE_URL = 'https://wpapi.7moor.com';

export interface MoorCall {
  /** Name for logs, errors and the rate limiter, e.g. "moor.device.call". */
  endpoint: string;
  path: string;
  json?: unknown;
  /** Recomputed per attempt: a fresh `timestamp` and the current token. */
  query: () => Record<string, QueryValue>;
  retry: 'safe' | 'never';
  signal?: AbortSignal;
  /** Hears answers that are not JSON or not 7moor's envelope, before the error is thrown. */
  undecoded?: UndecodedRecorder;
}

/** Sends the call and returns the envelope's `data`, or throws the AppError the agent should see. */
export async function callMoor(http: HttpClient, call: MoorCall): Promise<unknown> {
  const response = await http.request({
    method: 'POST',
    path: call.path,
    endpoint: call.endpoint,
    json: call.json,
    retry: call.retry,
    ...(call.signal ? { signal: call.signal } : {}),
    prepare: () => ({ query: call.query() }),
  });
  let body: unknown;
  try {
    body = parseJsonBody(response, 'moor');
  } catch (error) {
    call.undecoded?.unreadableAnswer(call.endpoint, response.text, 'not JSON', response.status);
    throw error;
  }
  const envelope = MoorEnvelope.safeParse(body);
  if (!envelope.success || envelope.data.code === undefined) {
    call.undecoded?.unreadableAnswer(call.endpoint, response.text, 'no code in the answer', response.status);
    throw unexpectedResponse(call.endpoint, response.status, 'no code in the answer');
  }
  call.undecoded?.answerFields(call.endpoint, MoorEnvelope, body);
  if (envelope.data.code === 1) return envelope.data.data;
  throw moorFailure(call.endpoint, envelope.data);
}

/** Parses `data` with its schema; a shape that is not 7moor's is a clear VENDOR error. */
export function readData<S extends z.ZodObject>(schema: S, data: unknown, endpoint: string, undecoded?: UndecodedRecorder): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const what = `unexpected data: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    undecoded?.unreadableAnswer(endpoint, payloadText(data), what);
    throw unexpectedResponse(endpoint, 200, what);
  }
  undecoded?.answerFields(endpoint, schema, data);
  return parsed.data;
}
