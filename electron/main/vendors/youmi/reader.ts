// Youmi chat rows (v1 ChatMess, v2 GetChat) as a RowReader (vendors/undecoded.ts): the decoder,
// plus what readChatRow had to leave out, an ad_chatting_resvred that is not (URL-encoded) JSON,
// and a time that could not be read. Used by the clients and by re-decoding after an update.
import type { DecodedMessage, UnreadField } from '@shared/model';
import { jsonType, unknownMessage, unreadFields, type RowReader } from '../undecoded';
import { decodeResvred, decodeYoumiRow, type YoumiApiVersion } from './decoder';
import { CHAT_ROW_FIELDS, readChatRow } from './wire';

export function youmiRowReader(version: YoumiApiVersion): RowReader<DecodedMessage> {
  return {
    recordType: 'message',
    decode: (row) => decodeYoumiRow(row, version),
    unread: unreadChatRow,
    key: (message) => message.vendorMsgId,
    unknown: unknownMessage,
  };
}

function unreadChatRow(row: unknown, message: DecodedMessage): UnreadField[] {
  const read = readChatRow(row);
  if (!read) return [];
  const fields = unreadFields(row, read, CHAT_ROW_FIELDS);
  const resvred = read.ad_chatting_resvred;
  const blank = typeof resvred === 'string' && (resvred.trim() === '' || resvred.trim() === 'null');
  if (resvred !== undefined && !blank && decodeResvred(resvred) === undefined) fields.push({ field: 'ad_chatting_resvred', type: jsonType(resvred) });
  if (message.sentAt === 0) {
    const named = new Set(fields.map((f) => f.field));
    fields.push(...unreadFields(row, {}, ['ad_chatting_time', 'ad_chatting_updatetime'].filter((f) => !named.has(f))));
  }
  return fields;
}
