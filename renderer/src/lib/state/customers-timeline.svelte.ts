// One customer's history across every vendor: calls, SMS and chat messages for a phone number,
// merged by time, newest first. Reloaded when new calls or SMS are recorded.
import type { TimelineItem } from '@shared/ipc/records';
import type { Client } from '../ipc/client';

const TYPE_ORDER: Record<TimelineItem['type'], number> = { message: 0, sms: 1, call: 2 };

function itemId(item: TimelineItem): number {
  if (item.type === 'call') return item.call.id;
  if (item.type === 'sms') return item.sms.id;
  return item.message.id;
}

/** A stable key per item for keyed {#each}. */
export function timelineKey(item: TimelineItem): string {
  return `${item.type}:${itemId(item)}`;
}

/**
 * Newest first. Items at the same instant keep one fixed order (chat, SMS, call, then the newer
 * local id first), so a refresh never reshuffles the list under the agent's eyes.
 */
export function sortTimeline(items: readonly TimelineItem[]): TimelineItem[] {
  return [...items].sort((a, b) => b.at - a.at || TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || itemId(b) - itemId(a));
}

export class TimelineState {
  phone = $state<string | null>(null);
  items = $state.raw<TimelineItem[]>([]);
  loading = $state(false);
  error = $state.raw<unknown>(undefined);
  #generation = 0;

  constructor(private readonly client: () => Client) {}

  /** Reloads when new calls or SMS are recorded; returns the way to stop. */
  watch(): () => void {
    return this.client().subscribe('records.onDidChange', () => {
      if (this.phone) void this.load(this.phone);
    });
  }

  async load(phone: string): Promise<void> {
    const generation = ++this.#generation;
    if (phone !== this.phone) this.items = [];
    this.phone = phone;
    this.loading = true;
    this.error = undefined;
    try {
      const items = await this.client().invoke('records.timeline', { phone, limit: 200 });
      if (generation === this.#generation) this.items = sortTimeline(items);
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
