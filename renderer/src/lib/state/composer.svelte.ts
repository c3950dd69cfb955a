// The composer's text for one conversation: the draft comes back from main when the
// conversation opens and is saved (debounced) as the agent types, so nothing typed is lost
// when they switch conversations or restart.
import { SvelteSet } from 'svelte/reactivity';
import type { ReplyContent } from '@shared/ipc/reply';
import type { AppState } from './app.svelte';

const DRAFT_DELAY_MS = 600;

/** "/xx" right before the caret, at the start or after a space: the quick-reply search. */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)\/([^\s/]{0,30})$/.exec(before);
  if (!match) return null;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, query };
}

/** The text with "/query" replaced by a snippet, and where the caret goes after it. */
export function insertSnippet(text: string, slash: { start: number; query: string }, snippet: string): { text: string; caret: number } {
  const end = slash.start + 1 + slash.query.length;
  return { text: text.slice(0, slash.start) + snippet + text.slice(end), caret: slash.start + snippet.length };
}

/** Every composer on screen, so a restart to update can save what they hold first. */
const openComposers = new SvelteSet<ComposerState>();

/** Saves every open composer's draft; resolves once main has stored them all. */
export async function saveOpenDrafts(): Promise<void> {
  await Promise.all([...openComposers].map((composer) => composer.saveNow()));
}

export class ComposerState {
  text = $state('');
  sending = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #edited = false;
  #saving: Promise<void> | undefined;

  constructor(
    private readonly app: AppState,
    readonly conversationId: number,
    private readonly send: (content: ReplyContent) => Promise<boolean>,
  ) {
    openComposers.add(this);
    void this.#loadDraft();
  }

  async #loadDraft(): Promise<void> {
    try {
      const draft = await this.app.client.invoke('reply.getDraft', { conversationId: this.conversationId });
      // Whatever the agent typed while the draft was on its way wins.
      if (!this.#edited) this.text = draft.text;
    } catch {
      // No draft to restore (or drafts are unavailable): start empty.
    }
  }

  edit(text: string): void {
    this.text = text;
    this.#edited = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#saveDraft(), DRAFT_DELAY_MS);
  }

  #saveDraft(): Promise<void> {
    this.#timer = undefined;
    const saving = this.app.client
      .invoke('reply.saveDraft', { conversationId: this.conversationId, text: this.text.slice(0, 4000) })
      .then(
        () => undefined,
        (error: unknown) => this.app.notifyError(error),
      );
    this.#saving = saving;
    void saving.finally(() => {
      if (this.#saving === saving) this.#saving = undefined;
    });
    return saving;
  }

  /** Saves a pending draft now (the conversation is closing), and forgets this composer. */
  flush(): void {
    openComposers.delete(this);
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    void this.#saveDraft();
  }

  /** Resolves once what the agent typed is stored: a pending save runs now, one under way is awaited. */
  async saveNow(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      await this.#saveDraft();
    } else {
      await this.#saving;
    }
  }

  /** `wrap` shapes what goes out (a quote before the reply); the box keeps what was typed. */
  async sendText(wrap: (text: string) => string = (text) => text): Promise<boolean> {
    const text = this.text.trim();
    if (!text || this.sending) return false;
    this.sending = true;
    try {
      if (await this.send({ kind: 'text', text: wrap(text) })) {
        this.text = '';
        clearTimeout(this.#timer);
        await this.#saveDraft();
        return true;
      }
      return false;
    } finally {
      this.sending = false;
    }
  }

  async sendContent(content: ReplyContent): Promise<boolean> {
    this.sending = true;
    try {
      return await this.send(content);
    } finally {
      this.sending = false;
    }
  }
}
