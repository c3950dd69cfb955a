// Calls & SMS: two keyset lists sharing one set of filters, the agents to filter by, and the CSV
// export. One state per AppState, so the filters survive leaving the view and coming back.
import type { CallRow, RecordFilters, SmsRow } from '@shared/ipc/records';
import type { Agent } from '@shared/model';
import { dayBoundary } from './calls-format';
import type { AppState } from './app.svelte';
import { KeysetList } from './calls-keyset-list.svelte';
import { perApp } from './calls-per-app';
import { downloadText } from '../ui/download';

export type RecordsTab = 'calls' | 'sms';

/** What the filter bar edits: plain strings, '' meaning "any". */
export interface RecordFilterForm {
  accountId: string;
  direction: '' | 'in' | 'out';
  connected: '' | 'yes' | 'no';
  /** YYYY-MM-DD from <input type="date">, local days. */
  from: string;
  to: string;
  number: string;
  agentId: string;
}

export const EMPTY_FILTERS: RecordFilterForm = { accountId: '', direction: '', connected: '', from: '', to: '', number: '', agentId: '' };

const PAGE_SIZE = 50;

/** The contract's filters for a tab: empty fields dropped, "connected" only for calls. */
export function toRecordFilters(form: RecordFilterForm, tab: RecordsTab): RecordFilters {
  const filters: RecordFilters = {};
  if (form.accountId) filters.accountId = form.accountId;
  if (form.direction) filters.direction = form.direction;
  if (tab === 'calls' && form.connected) filters.connected = form.connected === 'yes';
  const number = form.number.trim();
  if (number) filters.number = number.slice(0, 32);
  if (form.agentId) filters.agentId = form.agentId;
  const from = dayBoundary(form.from, 'start');
  const to = dayBoundary(form.to, 'end');
  if (from !== undefined) filters.from = from;
  if (to !== undefined) filters.to = to;
  return filters;
}

export class CallsState {
  tab = $state<RecordsTab>('calls');
  filters = $state<RecordFilterForm>({ ...EMPTY_FILTERS });
  agents = $state.raw<Agent[]>([]);
  exporting = $state(false);
  /** New calls or SMS arrived while the agent was deep in the list; "show them" reloads. */
  newRecords = $state(false);
  readonly calls: KeysetList<CallRow>;
  readonly sms: KeysetList<SmsRow>;
  /** The filters each list was last loaded with, so switching tabs reloads only when needed. */
  #loadedWith: Record<RecordsTab, string | null> = { calls: null, sms: null };
  #unsubscribe: (() => void) | null = null;

  constructor(private readonly app: AppState) {
    const client = app.client;
    this.calls = new KeysetList((cursor) =>
      client.invoke('records.listCalls', { filters: toRecordFilters(this.filters, 'calls'), cursor, limit: PAGE_SIZE }),
    );
    this.sms = new KeysetList((cursor) => client.invoke('records.listSms', { filters: toRecordFilters(this.filters, 'sms'), cursor, limit: PAGE_SIZE }));
  }

  /** Starts listening for new records and loads what the open tab shows. */
  activate(): void {
    if (!this.#unsubscribe) {
      this.#unsubscribe = this.app.client.subscribe('records.onDidChange', () => {
        this.#loadedWith = { calls: null, sms: null };
        // An agent reading past the first page keeps their place: they are told, not scrolled away.
        if (this.#list(this.tab).items.length > PAGE_SIZE) this.newRecords = true;
        else void this.showTab(this.tab);
      });
      void this.loadAgents();
    }
    void this.showTab(this.tab);
  }

  deactivate(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  async showTab(tab: RecordsTab): Promise<void> {
    this.tab = tab;
    const key = JSON.stringify(toRecordFilters(this.filters, tab));
    if (this.#loadedWith[tab] === key) return;
    this.#loadedWith[tab] = key;
    this.newRecords = false;
    await this.#list(tab).reload();
  }

  #list(tab: RecordsTab): KeysetList<CallRow> | KeysetList<SmsRow> {
    return tab === 'calls' ? this.calls : this.sms;
  }

  setFilters(patch: Partial<RecordFilterForm>): Promise<void> {
    this.filters = { ...this.filters, ...patch };
    return this.showTab(this.tab);
  }

  clearFilters(): Promise<void> {
    this.filters = { ...EMPTY_FILTERS };
    return this.showTab(this.tab);
  }

  /** From elsewhere (a timeline item): the given tab, filtered to one customer's number. */
  showNumber(tab: RecordsTab, number: string): Promise<void> {
    this.filters = { ...EMPTY_FILTERS, number };
    return this.showTab(tab);
  }

  async loadAgents(): Promise<void> {
    try {
      this.agents = await this.app.client.invoke('reports.listAgents', {});
    } catch {
      // Without the agent list the agent filter is simply not offered.
      this.agents = [];
    }
  }

  /** Asks main for the CSV of the calls matching the filters and saves it; the file's name, or undefined. */
  async exportCsv(download: (filename: string, csv: string) => void = downloadCsv): Promise<string | undefined> {
    if (this.exporting) return undefined;
    this.exporting = true;
    try {
      const { filename, csv } = await this.app.client.invoke('records.exportCallsCsv', { filters: toRecordFilters(this.filters, 'calls') });
      download(filename, csv);
      return filename;
    } catch (error) {
      this.app.notifyError(error);
      return undefined;
    } finally {
      this.exporting = false;
    }
  }
}

/** Saves the CSV through a Blob link: works in Electron and in the browser, no navigation. */
export function downloadCsv(filename: string, csv: string): void {
  downloadText(filename, csv, 'text/csv;charset=utf-8');
}

export const callsStateFor = perApp((app) => new CallsState(app));
