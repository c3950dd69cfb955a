// Each vendor's decoders as the re-decode walk (redecode.ts) needs them: the version that is
// current, where a vendor's messages come from, and one stored record read again from its raw
// payload through the same RowReaders the clients use (so gaps mean the same in both places).
import type { DecodedMessage, Vendor } from '@shared/model';
import type { AccountRecord, RedecodeCandidate, RedecodeResult } from '../store';
import { MOOR_ENDPOINTS } from '../vendors/moor/client';
import { MOOR_DECODER_VERSION } from '../vendors/moor/message-decoder';
import { MOOR_CALL_READER, MOOR_SMS_READER, moorMessageReader } from '../vendors/moor/readers';
import { readRow, type RowReader } from '../vendors/undecoded';
import { YOUMI_DECODER_VERSION } from '../vendors/youmi/decoder';
import { youmiRowReader } from '../vendors/youmi/reader';
import { YOUMI_V1_ENDPOINTS } from '../vendors/youmi/v1-client';
import { YOUMI_V2_ENDPOINTS } from '../vendors/youmi/v2-client';
import { ZHUGE_DECODER_VERSION } from '../vendors/zhuge/decoder';
import { zhugeRowReader } from '../vendors/zhuge/reader';
import { ZHUGE_ENDPOINTS } from '../vendors/zhuge/wire';

export const VENDORS: readonly Vendor[] = ['moor', 'youmi', 'zhuge'];

/** The decoder versions of this build. */
export const DECODER_VERSIONS: Readonly<Record<Vendor, number>> = {
  moor: MOOR_DECODER_VERSION,
  youmi: YOUMI_DECODER_VERSION,
  zhuge: ZHUGE_DECODER_VERSION,
};

const youmiVersion = (account: AccountRecord) => (account.settings['apiVersion'] === 'v1' ? 'v1' : 'v2');

/** The endpoint a vendor's stored messages come from, for one nothing recorded (a cache older than notes). */
export function messageEndpointOf(account: AccountRecord): string {
  switch (account.vendor) {
    case 'moor':
      return MOOR_ENDPOINTS.weChatMessages.name;
    case 'youmi':
      return youmiVersion(account) === 'v1' ? YOUMI_V1_ENDPOINTS.list : YOUMI_V2_ENDPOINTS.getChat;
    case 'zhuge':
      // getmsg and the history send the same rows; the history is the one that returns them all.
      return ZHUGE_ENDPOINTS.history;
  }
}

function messageReader(account: AccountRecord, now: number): RowReader<DecodedMessage> {
  switch (account.vendor) {
    case 'moor':
      return moorMessageReader();
    case 'youmi':
      return youmiRowReader(youmiVersion(account));
    case 'zhuge':
      return zhugeRowReader({
        customerId: Number(account.settings['userId']),
        radarUserId: Number(account.settings['uId']),
        // Only stands in for an unreadable time, and the stored send time is kept anyway.
        receivedAt: now,
        mediaBaseUrl: account.baseUrl.replace(/\/+$/, ''),
      });
  }
}

/** The row as the client received it: raw is its JSON (or the text itself, for a row that was text). */
function rowOf(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * One candidate decoded again with this build's decoders. Undefined when there is nothing to write
 * (a stored call or SMS no longer decodes at all: it stays as it is, and so does its note).
 */
export function redecodeCandidate(account: AccountRecord | undefined, candidate: RedecodeCandidate, now: number): RedecodeResult | undefined {
  if (!account || !candidate.record) return { candidate, forget: true };
  const endpoint = candidate.endpoint || messageEndpointOf(account);
  const version = DECODER_VERSIONS[account.vendor];
  const row = rowOf(candidate.record.raw);
  const at = { ...candidate, endpoint };
  switch (candidate.recordType) {
    case 'message': {
      const { item } = readRow(messageReader(account, now), endpoint, version, row);
      return item ? { candidate: at, message: item } : undefined;
    }
    case 'call': {
      const { item } = readRow(MOOR_CALL_READER, endpoint, version, row);
      return item ? { candidate: at, call: item } : undefined;
    }
    case 'sms': {
      const { item } = readRow(MOOR_SMS_READER, endpoint, version, row);
      return item ? { candidate: at, sms: item } : undefined;
    }
    default:
      return { candidate, forget: true };
  }
}
