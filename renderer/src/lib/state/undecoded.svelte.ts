// What this version could not read, for one account's health panel (a snapshot from
// health.listUndecoded, asked again when health.onDidChangeUndecoded names the account), and the
// re-reading of stored data after an update (health.onDidProgressRedecode), for the status bar.
import type { RedecodeStatus, UndecodedGroup } from '@shared/ipc/health';
import { fill } from '../i18n/fill';
import type { Strings } from '../i18n/zh';
import type { Client } from '../ipc/client';
import { Synced } from '../ipc/synced.svelte';
import { refreshAfterReconnect } from './app.svelte';

export class UndecodedState {
  readonly synced: Synced<UndecodedGroup[], 'health.onDidChangeUndecoded'>;
  readonly #stopReconnect: () => void;

  constructor(client: Client, accountId: string) {
    this.synced = new Synced(client, () => client.invoke('health.listUndecoded', { accountId }), 'health.onDidChangeUndecoded', (current, { accountIds }) => {
      if (accountIds.includes(accountId)) void this.synced.refresh();
      return current;
    });
    this.#stopReconnect = refreshAfterReconnect(client, this.synced);
  }

  get groups(): UndecodedGroup[] {
    return this.synced.value ?? [];
  }

  dispose(): void {
    this.synced.dispose();
    this.#stopReconnect();
  }
}

export class RedecodeState {
  readonly synced: Synced<RedecodeStatus, 'health.onDidProgressRedecode'>;

  constructor(client: Client) {
    this.synced = new Synced(client, () => client.invoke('health.getRedecodeStatus', {}), 'health.onDidProgressRedecode', (_old, next) => next);
    refreshAfterReconnect(client, this.synced);
  }

  /** While the walk runs: done / total, and the fraction when the total is known. */
  get running(): { done: number; fraction: number | undefined } | undefined {
    const status = this.synced.value;
    if (!status?.running) return undefined;
    return { done: status.done, fraction: status.total ? Math.min(1, status.done / status.total) : undefined };
  }
}

/** "12 messages of a type this version cannot show", in the agent's language. */
export function undecodedSentence(strings: Strings['health']['undecoded'], group: Pick<UndecodedGroup, 'kind' | 'recordType' | 'count'>): string {
  const noun = strings.nouns[group.recordType];
  return fill(strings.sentences[group.kind], { count: group.count, noun: group.count === 1 ? noun.one : noun.other });
}

/** The endpoint in the agent's words, with its technical name for support. */
export function endpointLabel(strings: Strings['health']['undecoded'], endpoint: string): string {
  return strings.endpoints[endpoint.replaceAll('.', '/')] ?? endpoint;
}
