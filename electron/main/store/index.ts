// The store's public surface: open it, then use the Store's methods. See docs/store.md.
export { openStore, type Store, type StoreOptions } from './store';
export type { MessagePage, MessagePageResult, RecordPage, RecordPageResult } from './ingest';
export type { MessagePageRequest, MessageWindow, TimelineCursor } from './history';
export type { QueuedReply } from './outbox';
export type {
  CallHit,
  ContactHit,
  FieldMatch,
  MessageHit,
  SearchFilters,
  SearchGroup,
  SearchPageRequest,
  SearchResults,
  SmsHit,
} from './search/search';
export type { Snippet, TextRange } from './search/snippet';
export type { StoredCall } from './tables/calls';
export type { StoredSms } from './tables/sms';
export type { StoredCustomer } from './tables/customers';
export type { UndecodedEntry } from './tables/undecoded';
export type { CandidatePage, MetaWrite, RedecodeCandidate, RedecodeOutcome, RedecodeResult, UndecodedSummary } from './undecoded';
export * from './types';
