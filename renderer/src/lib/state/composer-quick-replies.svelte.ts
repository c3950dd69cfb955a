// The quick-reply library (话术库): searched as the agent types after "/", and edited in the
// small manager. Answers to an older search are ignored once a newer one was asked.
import type { QuickReply, ReplyContent } from '@shared/ipc/reply';
import type { AppState } from './app.svelte';

export class QuickRepliesState {
  items = $state.raw<QuickReply[]>([]);
  loading = $state(false);
  error = $state.raw<unknown>(undefined);
  #asked = 0;

  constructor(private readonly app: AppState) {}

  async search(query = ''): Promise<void> {
    const asked = ++this.#asked;
    this.loading = true;
    try {
      const trimmed = query.trim();
      const items = await this.app.client.invoke('quickReplies.list', trimmed ? { query: trimmed } : {});
      if (asked !== this.#asked) return;
      this.items = items;
      this.error = undefined;
    } catch (error) {
      if (asked === this.#asked) this.error = error;
    } finally {
      if (asked === this.#asked) this.loading = false;
    }
  }

  async save(input: { id?: number; title: string; content: ReplyContent }): Promise<QuickReply | null> {
    try {
      const saved = await this.app.client.invoke('quickReplies.save', input);
      this.items = [saved, ...this.items.filter((q) => q.id !== saved.id)];
      return saved;
    } catch (error) {
      this.app.notifyError(error);
      return null;
    }
  }

  async remove(id: number): Promise<void> {
    try {
      await this.app.client.invoke('quickReplies.remove', { id });
      this.items = this.items.filter((q) => q.id !== id);
    } catch (error) {
      this.app.notifyError(error);
    }
  }
}
