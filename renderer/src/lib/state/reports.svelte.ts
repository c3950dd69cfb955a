// The agent's call statistics: totals for today / 7 / 30 days, the per-day detail of one period,
// and the agent list (whose report is shown: the agent themself unless they pick a colleague).
import type { MyWorkPhone } from '@shared/ipc/accounts';
import type { Agent, CallDetail, CallDetailPeriod, CallReport } from '@shared/model';
import type { AppState } from './app.svelte';
import { perApp } from './calls-per-app';

/** One request's answer with its own loading and error, so each panel shows its own state. */
export class Loadable<T> {
  value = $state.raw<T | undefined>(undefined);
  loading = $state(false);
  error = $state.raw<unknown>(undefined);
  #generation = 0;

  async load(fetch: () => Promise<T>): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    this.error = undefined;
    try {
      const value = await fetch();
      if (generation === this.#generation) this.value = value;
    } catch (error) {
      if (generation === this.#generation) {
        this.value = undefined;
        this.error = error;
      }
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}

export class ReportsState {
  /** undefined: the agent's own report (main knows who they are from "my work phone"). */
  agentId = $state<string | undefined>(undefined);
  period = $state<CallDetailPeriod>('late7');
  readonly report = new Loadable<CallReport>();
  readonly detail = new Loadable<CallDetail>();
  readonly agents = new Loadable<Agent[]>();
  me = $state.raw<MyWorkPhone | null>(null);

  /** The agent whose numbers are shown, when known. */
  shownAgent: Agent | undefined = $derived.by(() => {
    const id = this.agentId ?? this.me?.agentId;
    return id ? this.agents.value?.find((a) => a.vendorId === id) : undefined;
  });

  constructor(private readonly app: AppState) {}

  #who(): { agentId?: string } {
    return this.agentId ? { agentId: this.agentId } : {};
  }

  async load(): Promise<void> {
    const client = this.app.client;
    await Promise.all([
      this.report.load(() => client.invoke('reports.getCallReport', this.#who())),
      this.detail.load(() => client.invoke('reports.getCallDetail', { ...this.#who(), period: this.period })),
      this.agents.load(() => client.invoke('reports.listAgents', {})),
      client.invoke('accounts.getMyWorkPhone', {}).then(
        (me) => (this.me = me),
        () => (this.me = null),
      ),
    ]);
  }

  setPeriod(period: CallDetailPeriod): Promise<void> {
    this.period = period;
    return this.detail.load(() => this.app.client.invoke('reports.getCallDetail', { ...this.#who(), period }));
  }

  /** Shows a colleague's numbers; the agent's own id (or undefined) goes back to "me". */
  showAgent(agentId: string | undefined): Promise<void> {
    this.agentId = agentId && agentId !== this.me?.agentId ? agentId : undefined;
    const client = this.app.client;
    return Promise.all([
      this.report.load(() => client.invoke('reports.getCallReport', this.#who())),
      this.detail.load(() => client.invoke('reports.getCallDetail', { ...this.#who(), period: this.period })),
    ]).then(() => undefined);
  }
}

export const reportsStateFor = perApp((app) => new ReportsState(app));

export interface ReportDay {
  label: string;
  in: number;
  out: number;
  inMinutes: number;
  outMinutes: number;
}

const minutes = (seconds: number) => Math.round((seconds / 60) * 10) / 10;

/**
 * The chart's buckets: one per day (MM-DD). "today" comes without a day list (the doc: list is
 * null), so it becomes one bucket from the totals, labelled with the period.
 */
export function reportDays(detail: CallDetail, todayLabel: string): ReportDay[] {
  if (detail.days.length === 0) {
    return [{ label: todayLabel, in: detail.in, out: detail.out, inMinutes: minutes(detail.inDuration), outMinutes: minutes(detail.outDuration) }];
  }
  return detail.days.map((day) => ({
    label: /^\d{4}-\d{2}-\d{2}$/.test(day.date) ? day.date.slice(5) : day.date,
    in: day.in,
    out: day.out,
    inMinutes: minutes(day.inDuration),
    outMinutes: minutes(day.outDuration),
  }));
}
