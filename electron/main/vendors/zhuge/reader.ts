// Zhuge chat rows as a RowReader (vendors/undecoded.ts): the decoder, plus the fields of
// ZhugeChatRow its lenient readers had to leave out and a dateTime that could not be read (the
// message then shows when the page arrived). Used by the client and by re-decoding after an update.
import type { DecodedMessage } from '@shared/model';
import { unknownMessage, unreadFields, unreadFieldsOf, type RowReader } from '../undecoded';
import { chinaLocalToEpochMs, decodeZhugeRow, type ZhugeDecodeContext } from './decoder';
import { ZhugeChatRow } from './wire';

export function zhugeRowReader(context: ZhugeDecodeContext): RowReader<DecodedMessage> {
  return {
    recordType: 'message',
    decode: (row) => decodeZhugeRow(row, context),
    unread: (row) => {
      const fields = unreadFieldsOf(ZhugeChatRow, row);
      const parsed = ZhugeChatRow.safeParse(row);
      const timeLost = parsed.success && parsed.data.dateTime !== undefined && chinaLocalToEpochMs(parsed.data.dateTime) === undefined;
      return timeLost ? [...fields, ...unreadFields(row, {}, ['dateTime'])] : fields;
    },
    key: (message) => message.vendorMsgId,
    unknown: unknownMessage,
  };
}
