// What a vendor client does with whatever its decoder could not fully read. A record the cache
// keeps with its raw payload (message, call, SMS) carries its gaps into the store together with
// the record, in the page's own transaction. Anything else (a directory row, a list row that is not
// an object, an answer that is not JSON or not the documented shape) is reported to the account's
// observer with the payload, secrets scrubbed and capped. Nothing that arrived goes unseen.
//
// "Partly read" means a wire schema had to leave a field out: a value of a type the lenient
// readers in vendors/*/wire.ts cannot use (an object where text belongs, "abc" for a number).
// Documented alternatives the readers accept (numbers as text, "1" for true) are read, not gaps.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { unknownOf, type DecodedMessage, type DecodeGaps, type UndecodedObservation, type UndecodedRecordType, type UnreadField, type WithGaps } from '@shared/model';
import { capSample, scrubSecrets } from './sample-redaction';

export type UndecodedReport = (observations: UndecodedObservation[]) => void;

/** The record types whose raw payload the cache keeps, so they can be decoded again after an update. */
export const KEPT_RECORD_TYPES: ReadonlySet<UndecodedRecordType> = new Set(['message', 'call', 'sms']);

/** How a client turns one row of a list into a record, and what of the row it could not read. */
export interface RowReader<T extends object> {
  recordType: Exclude<UndecodedRecordType, 'answer'>;
  /** undefined when the row cannot become a record at all. */
  decode(row: unknown): T | undefined;
  /** Fields the decoder left out because their value had a type it cannot read. */
  unread(row: unknown, item: T): UnreadField[];
  /** The record's vendor id. */
  key(item: T): string;
  /** For messages: the type code and reason of one this version cannot show. */
  unknown?(item: T): { vendorType?: string; reason: string } | undefined;
}

export function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The `keys` that `input` carries with a value but `output` (what the reader made of it) lacks. */
export function unreadFields(input: unknown, output: object | undefined, keys: readonly string[]): UnreadField[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || !output) return [];
  const source = input as Record<string, unknown>;
  const read = output as Record<string, unknown>;
  const out: UnreadField[] = [];
  for (const key of keys) {
    if (present(source[key]) && read[key] === undefined) out.push({ field: key, type: jsonType(source[key]) });
  }
  return out;
}

/** The same against a lenient zod object schema (a field of the wrong type reads as undefined). */
export function unreadFieldsOf(schema: z.ZodObject, input: unknown): UnreadField[] {
  const parsed = schema.safeParse(input);
  return parsed.success ? unreadFields(input, parsed.data as object, Object.keys(schema.shape)) : [];
}

/** What a message of kind `unknown` says about itself. */
export const unknownMessage = (message: DecodedMessage) => unknownOf(message.content);

/** The payload as received, as text: strings as they are, anything else as JSON. */
export function payloadText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** What may be stored of a payload: secrets scrubbed, at most 16 KB. */
export function storableSample(text: string): string {
  return capSample(scrubSecrets(text));
}

export interface ReadResult<T> {
  item?: WithGaps<T>;
  observation?: UndecodedObservation;
}

/** One row through a reader: the record (carrying its gaps when the cache keeps it) and what to report. Pure. */
export function readRow<T extends object>(reader: RowReader<T>, endpoint: string, decoder: number, row: unknown): ReadResult<T> {
  const item = reader.decode(row);
  if (item === undefined) {
    const text = payloadText(row);
    return {
      observation: {
        endpoint,
        kind: 'unreadableRow',
        recordType: reader.recordType,
        recordKey: `row:${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32)}`,
        detail: { reason: `a ${jsonType(row)} where a record belongs` },
        sample: storableSample(text),
        decoder,
      },
    };
  }
  const unread = reader.unread(row, item);
  const unknown = reader.unknown?.(item);
  if (KEPT_RECORD_TYPES.has(reader.recordType)) {
    if (unread.length === 0 && !unknown) return { item };
    const gaps: DecodeGaps = { endpoint, decoder, unread };
    return { item: { ...item, gaps } };
  }
  if (unread.length === 0) return { item };
  return {
    item,
    observation: {
      endpoint,
      kind: 'partlyRead',
      recordType: reader.recordType,
      recordKey: reader.key(item),
      detail: { fields: unread },
      sample: storableSample(payloadText(row)),
      decoder,
    },
  };
}

/** One per vendor client: reads rows through readers and reports what could not be read. */
export class UndecodedRecorder {
  constructor(
    readonly decoder: number,
    private readonly report?: UndecodedReport,
  ) {}

  /** Every row that can become a record does, in order; the rest are reported, never silently dropped. */
  rows<T extends object>(endpoint: string, reader: RowReader<T>, rows: readonly unknown[]): WithGaps<T>[] {
    const items: WithGaps<T>[] = [];
    const observations: UndecodedObservation[] = [];
    for (const row of rows) {
      const { item, observation } = readRow(reader, endpoint, this.decoder, row);
      if (item) items.push(item);
      if (observation) observations.push(observation);
    }
    this.send(observations);
    return items;
  }

  /** An answer that is not JSON, or not the documented shape; the caller throws its error next. */
  unreadableAnswer(endpoint: string, body: string, reason: string, httpStatus?: number): void {
    this.send([
      {
        endpoint,
        kind: 'unreadableAnswer',
        recordType: 'answer',
        recordKey: `${endpoint}:unreadableAnswer`,
        detail: { reason, ...(httpStatus !== undefined ? { httpStatus } : {}) },
        sample: storableSample(body),
        decoder: this.decoder,
      },
    ]);
  }

  /** An answer (envelope or data) whose own fields the schema had to leave out. */
  answerFields(endpoint: string, schema: z.ZodObject, value: unknown): void {
    const fields = unreadFieldsOf(schema, value);
    if (fields.length > 0) this.partlyReadAnswer(endpoint, fields, value);
  }

  partlyReadAnswer(endpoint: string, fields: UnreadField[], value: unknown): void {
    this.send([
      {
        endpoint,
        kind: 'partlyRead',
        recordType: 'answer',
        recordKey: `${endpoint}:partlyRead`,
        detail: { fields },
        sample: storableSample(payloadText(value)),
        decoder: this.decoder,
      },
    ]);
  }

  private send(observations: UndecodedObservation[]): void {
    if (observations.length > 0) this.report?.(observations);
  }
}
