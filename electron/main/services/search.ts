// Offline search over the cache, shaped for the renderer: groups of hits with plain-text snippets
// and highlight ranges (never HTML).
import { z } from 'zod';
import type { AppContract } from '@shared/ipc/contract';
import type { SearchHit, searchMethods, Snippet } from '@shared/ipc/search';
import type { Handlers } from '../ipc/router';
import type { AppContext } from '../app/context';
import type { Snippet as StoreSnippet } from '../store';
import { decodeCursor, encodeCursor } from './cursor';

type Group = 'message' | 'contact' | 'call' | 'sms';
const GroupCursor = z.object({ message: z.number().optional(), contact: z.number().optional(), call: z.number().optional(), sms: z.number().optional() });

const toSnippet = (s: StoreSnippet): Snippet => ({
  text: `${s.clippedStart ? '…' : ''}${s.text}${s.clippedEnd ? '…' : ''}`,
  highlights: s.highlights.map((r) => [r.start + (s.clippedStart ? 1 : 0), r.end + (s.clippedStart ? 1 : 0)] as [number, number]),
});

const plain = (text: string): Snippet => ({ text, highlights: [] });

export function createSearchHandlers(context: AppContext): Pick<Handlers<AppContract>, keyof typeof searchMethods> {
  const { store, clock } = context;
  return {
    'search.query': ({ query, filters, cursor, limit }) => {
      const started = clock.now();
      const wanted = new Set<Group>(filters.types ?? ['message', 'contact', 'call', 'sms']);
      const after = decodeCursor(cursor, GroupCursor);
      // A follow-up page continues only the groups that had more.
      const groups = [...wanted].filter((g) => !after || after[g] !== undefined);
      const storeFilters = {
        ...(filters.accountId ? { accountId: filters.accountId } : {}),
        ...(filters.conversationId ? { conversationId: filters.conversationId } : {}),
        ...(filters.kind ? { kinds: [filters.kind] } : {}),
        ...(filters.from !== undefined ? { from: filters.from } : {}),
        ...(filters.to !== undefined ? { to: filters.to } : {}),
      };
      const page = (group: Group) => ({ limit, ...(after?.[group] !== undefined ? { after: after[group] } : {}) });
      const next: z.infer<typeof GroupCursor> = {};

      const messages: SearchHit[] = [];
      if (groups.includes('message')) {
        const result = store.search.messages(query, storeFilters, page('message'));
        if (result.next !== undefined) next.message = result.next;
        for (const hit of result.items) {
          messages.push({ type: 'message', id: hit.messageId, conversationId: hit.conversationId, accountId: hit.accountId, title: hit.conversationTitle, kind: hit.kind, at: hit.sentAt, snippet: toSnippet(hit.snippet) });
        }
      }
      const contacts: SearchHit[] = [];
      if (groups.includes('contact') && !filters.conversationId && !filters.kind) {
        const result = store.search.contacts(query, storeFilters, page('contact'));
        if (result.next !== undefined) next.contact = result.next;
        for (const hit of result.items) {
          const match = hit.matches[0];
          contacts.push({ type: 'contact', id: hit.contact.id, accountId: hit.contact.accountId, title: hit.contact.name, snippet: match ? toSnippet(match.snippet) : plain(hit.contact.name) });
        }
      }
      const calls: SearchHit[] = [];
      if (groups.includes('call') && !filters.conversationId && !filters.kind) {
        const result = store.search.calls(query, storeFilters, page('call'));
        if (result.next !== undefined) next.call = result.next;
        for (const hit of result.items) {
          const match = hit.matches[0];
          const c = hit.call;
          calls.push({ type: 'call', id: c.id, accountId: c.accountId, title: c.contactName ?? c.contactPhone, at: c.beganAt ?? c.endedAt ?? 0, phone: c.contactPhone, snippet: match ? toSnippet(match.snippet) : plain(c.contactPhone) });
        }
      }
      const sms: SearchHit[] = [];
      if (groups.includes('sms') && !filters.conversationId && !filters.kind) {
        const result = store.search.sms(query, storeFilters, page('sms'));
        if (result.next !== undefined) next.sms = result.next;
        for (const hit of result.items) {
          const match = hit.matches[0];
          const s = hit.sms;
          sms.push({ type: 'sms', id: s.id, accountId: s.accountId, title: s.contactName ?? s.contactPhone, at: s.sentAt ?? 0, phone: s.contactPhone, snippet: match ? toSnippet(match.snippet) : plain(s.contactPhone) });
        }
      }
      return {
        messages,
        contacts,
        calls,
        sms,
        ...(Object.keys(next).length ? { nextCursor: encodeCursor(next) } : {}),
        tookMs: clock.now() - started,
      };
    },
  };
}
