// The search engine behind the Ctrl+K palette and the Search view: instant results as the agent
// types (debounced), answers to an older query dropped when a newer one is on its way, grouped
// hits in one flat order for ↑/↓, and keyset "load more".
import type { AppOutput } from '@shared/ipc/contract';
import type { SearchHit } from '@shared/ipc/search';
import type { MessageKind } from '@shared/model';
import type { Client } from '../ipc/client';

export const SEARCH_GROUPS = ['messages', 'contacts', 'calls', 'sms'] as const;
export type SearchGroup = (typeof SEARCH_GROUPS)[number];
export type SearchHitType = SearchHit['type'];

export interface SearchFilterValues {
  accountId?: string;
  kind?: MessageKind;
  /** Which groups to search; empty or absent means all. */
  types?: SearchHitType[];
  from?: number;
  to?: number;
}

export type GroupedHits = Record<SearchGroup, SearchHit[]>;

type SearchAnswer = AppOutput<'search.query'>;

const emptyGroups = (): GroupedHits => ({ messages: [], contacts: [], calls: [], sms: [] });

export interface SearchOptions {
  debounceMs?: number;
  /** Hits per group and page. */
  limit?: number;
}

export class SearchState {
  query = $state('');
  filters = $state<SearchFilterValues>({});
  groups = $state.raw<GroupedHits>(emptyGroups());
  /** The query the shown groups answer (they may lag `query` by one debounce). */
  answered = $state<string | null>(null);
  loading = $state(false);
  loadingMore = $state(false);
  error = $state.raw<unknown>(undefined);
  nextCursor = $state<string | undefined>(undefined);
  /** Index into `hits` of the highlighted row. */
  selected = $state(0);
  tookMs = $state<number | null>(null);

  /** Every hit in display order: messages, contacts, calls, SMS. */
  readonly hits: SearchHit[] = $derived(SEARCH_GROUPS.flatMap((g) => this.groups[g]));
  readonly current: SearchHit | undefined = $derived(this.hits[this.selected]);
  readonly empty = $derived(this.answered !== null && !this.loading && this.hits.length === 0);

  readonly #client: Client;
  readonly #debounceMs: number;
  readonly #limit: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every new query; an answer carrying an older number is stale and dropped. */
  #generation = 0;

  constructor(client: Client, options: SearchOptions = {}) {
    this.#client = client;
    this.#debounceMs = options.debounceMs ?? 80;
    this.#limit = options.limit ?? 20;
  }

  setQuery(query: string): void {
    this.query = query;
    this.#schedule(this.#debounceMs);
  }

  setFilters(patch: Partial<SearchFilterValues>): void {
    const next: SearchFilterValues = { ...this.filters, ...patch };
    for (const key of Object.keys(next) as (keyof SearchFilterValues)[]) if (next[key] === undefined) delete next[key];
    this.filters = next;
    this.#schedule(0);
  }

  clear(): void {
    this.query = '';
    this.#schedule(0);
  }

  /** Moves the highlighted row, wrapping at both ends. */
  move(delta: number): void {
    const n = this.hits.length;
    if (n === 0) return;
    this.selected = (((this.selected + delta) % n) + n) % n;
  }

  select(hit: SearchHit): void {
    const i = this.hits.indexOf(hit);
    if (i >= 0) this.selected = i;
  }

  /** Runs the current query now, without waiting for the debounce. */
  async runNow(): Promise<void> {
    clearTimeout(this.#timer);
    const generation = ++this.#generation;
    const query = this.query.trim();
    if (!query) {
      this.groups = emptyGroups();
      this.answered = null;
      this.nextCursor = undefined;
      this.error = undefined;
      this.loading = false;
      this.selected = 0;
      return;
    }
    this.loading = true;
    try {
      const answer = await this.#ask(query);
      if (generation !== this.#generation) return;
      this.groups = { messages: answer.messages, contacts: answer.contacts, calls: answer.calls, sms: answer.sms };
      this.nextCursor = answer.nextCursor;
      this.tookMs = answer.tookMs;
      this.answered = query;
      this.error = undefined;
      this.selected = 0;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = error;
      this.groups = emptyGroups();
      this.answered = query;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** The next keyset page of the same query, appended to each group. */
  async loadMore(): Promise<void> {
    const cursor = this.nextCursor;
    const query = this.answered;
    if (!cursor || query === null || this.loadingMore) return;
    const generation = this.#generation;
    this.loadingMore = true;
    try {
      const answer = await this.#ask(query, cursor);
      if (generation !== this.#generation) return;
      const groups = emptyGroups();
      for (const g of SEARCH_GROUPS) groups[g] = [...this.groups[g], ...answer[g]];
      this.groups = groups;
      this.nextCursor = answer.nextCursor;
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      this.loadingMore = false;
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#generation++;
  }

  #schedule(delay: number): void {
    clearTimeout(this.#timer);
    // A query typed after this one makes any answer already on its way stale.
    this.#generation++;
    this.#timer = setTimeout(() => void this.runNow(), delay);
  }

  #ask(query: string, cursor?: string): Promise<SearchAnswer> {
    const { types, ...rest } = this.filters;
    return this.#client.invoke('search.query', {
      query,
      filters: { ...rest, ...(types && types.length > 0 ? { types } : {}) },
      limit: this.#limit,
      ...(cursor ? { cursor } : {}),
    });
  }
}
