// A list read from main page by page with an opaque keyset cursor. A reload (new filters, new
// search) invalidates every page still in flight, so a slow old answer never lands on new results.
export interface Page<T> {
  items: T[];
  nextCursor?: string | undefined;
}

export class KeysetList<T> {
  items = $state.raw<T[]>([]);
  nextCursor = $state.raw<string | undefined>(undefined);
  loading = $state(false);
  /** Whether the first page for the current query has come back (empty state vs. still loading). */
  loaded = $state(false);
  error = $state.raw<unknown>(undefined);
  #generation = 0;

  constructor(private readonly loadPage: (cursor: string | undefined) => Promise<Page<T>>) {}

  get hasMore(): boolean {
    return this.nextCursor !== undefined;
  }

  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    this.error = undefined;
    try {
      const page = await this.loadPage(undefined);
      if (generation !== this.#generation) return;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.loaded = true;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.items = [];
      this.nextCursor = undefined;
      this.error = error;
      this.loaded = true;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    if (this.loading || this.nextCursor === undefined) return;
    const generation = this.#generation;
    this.loading = true;
    try {
      const page = await this.loadPage(this.nextCursor);
      if (generation !== this.#generation) return;
      this.items = [...this.items, ...page.items];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Puts a changed item in place (or first, when new) without reloading the list. */
  upsert(item: T, same: (a: T, b: T) => boolean): void {
    const index = this.items.findIndex((existing) => same(existing, item));
    this.items = index === -1 ? [item, ...this.items] : this.items.map((existing, i) => (i === index ? item : existing));
  }

  remove(match: (item: T) => boolean): void {
    this.items = this.items.filter((item) => !match(item));
  }
}
