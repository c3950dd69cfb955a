import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Contract } from '@shared/ipc/define';
import { createEventBus } from '../../electron/main/ipc/event-bus';
import { createLogger, type LogRecord } from '../../electron/main/log/logger';

const contract = {
  methods: {},
  events: { 'messages.onDidArrive': z.object({ count: z.number() }) },
} satisfies Contract;

describe('event bus', () => {
  it('delivers validated payloads to named and catch-all listeners, and unsubscribes', () => {
    const bus = createEventBus(contract);
    const named: number[] = [];
    const any: string[] = [];
    const off = bus.on('messages.onDidArrive', (p) => named.push(p.count));
    bus.onAny((name) => any.push(name));
    bus.emit('messages.onDidArrive', { count: 2 });
    off();
    bus.emit('messages.onDidArrive', { count: 3 });
    expect(named).toEqual([2]);
    expect(any).toEqual(['messages.onDidArrive', 'messages.onDidArrive']);
  });

  it('drops a payload outside the contract and logs it', () => {
    const logs: LogRecord[] = [];
    const bus = createEventBus(contract, createLogger((r) => logs.push(r)));
    const seen: unknown[] = [];
    bus.onAny((_n, p) => seen.push(p));
    bus.emit('messages.onDidArrive', { count: 'x' } as unknown as { count: number });
    expect(seen).toEqual([]);
    expect(logs.map((l) => l.message).join()).toContain('outside the contract');
  });

  it('keeps delivering when one listener throws', () => {
    const bus = createEventBus(contract);
    const seen: number[] = [];
    bus.on('messages.onDidArrive', () => {
      throw new Error('broken listener');
    });
    bus.on('messages.onDidArrive', (p) => seen.push(p.count));
    bus.emit('messages.onDidArrive', { count: 1 });
    expect(seen).toEqual([1]);
  });
});
