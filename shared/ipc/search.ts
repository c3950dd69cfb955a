// Offline search over everything cached: messages, contacts, calls, SMS.
import { z } from 'zod';
import { MessageKind } from '../model';
import { method } from './define';
import { AccountId, Cursor, DateRange, LocalId } from './common';
import { singleLine } from './text';

/** A snippet is plain text plus ranges to highlight: the renderer draws <mark>s, never HTML. */
export const Snippet = z.object({ text: z.string(), highlights: z.array(z.tuple([z.number().int(), z.number().int()])) });
export type Snippet = z.infer<typeof Snippet>;

export const SearchHit = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), id: LocalId, conversationId: LocalId, accountId: AccountId, title: z.string(), kind: MessageKind, at: z.number(), snippet: Snippet }),
  z.object({ type: z.literal('contact'), id: LocalId, accountId: AccountId, title: z.string(), snippet: Snippet, conversationId: LocalId.optional() }),
  z.object({ type: z.literal('call'), id: LocalId, accountId: AccountId, title: z.string(), at: z.number(), snippet: Snippet, phone: z.string() }),
  z.object({ type: z.literal('sms'), id: LocalId, accountId: AccountId, title: z.string(), at: z.number(), snippet: Snippet, phone: z.string() }),
]);
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchFilters = z
  .object({
    accountId: AccountId.optional(),
    conversationId: LocalId.optional(),
    kind: MessageKind.optional(),
    types: z.array(z.enum(['message', 'contact', 'call', 'sms'])).optional(),
    ...DateRange.shape,
  })
  .strict();

export const searchMethods = {
  'search.query': method(
    z
      .object({
        /** Searched as typed: FTS5 syntax (`"`, `*`, `NEAR(`, `OR`) is text here, never syntax. */
        query: singleLine({ max: 200 }),
        filters: SearchFilters.default({}),
        cursor: Cursor.optional(),
        limit: z.number().int().min(1).max(100).default(50),
      })
      .strict(),
    z.object({
      messages: z.array(SearchHit),
      contacts: z.array(SearchHit),
      calls: z.array(SearchHit),
      sms: z.array(SearchHit),
      nextCursor: Cursor.optional(),
      tookMs: z.number(),
    }),
  ),
};

export const searchEvents = {};
