// What the demo workspace remembers in the data folder: the moment its data is anchored at (so a
// restart serves exactly the same tenants and the cache can be compared with them), the ports its
// simulators answered on (so the demo accounts' base URLs stay valid), and whether the demo
// accounts were created once already (an agent who removed them does not get them back).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const Ports = z.object({ moor: z.number().int(), youmi: z.number().int(), zhuge: z.number().int() });

export const DemoState = z.object({
  version: z.literal(1),
  /** Every demo tenant's "now": its 30 days end here. */
  anchorMs: z.number().int(),
  ports: Ports.partial().default({}),
  accountsCreatedAt: z.number().int().optional(),
});
export type DemoState = z.infer<typeof DemoState>;

export const DEMO_STATE_FILE = join('demo', 'workspace.json');

export function demoStatePath(dataDir: string): string {
  return join(dataDir, DEMO_STATE_FILE);
}

/** The stored state, or a new one anchored at `now` (written at once, so the anchor never moves). */
export function loadDemoState(dataDir: string, now: number): DemoState {
  try {
    const parsed = DemoState.safeParse(JSON.parse(readFileSync(demoStatePath(dataDir), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // No file yet, or one that is not ours: start a new demo.
  }
  const state: DemoState = { version: 1, anchorMs: Math.floor(now), ports: {} };
  saveDemoState(dataDir, state);
  return state;
}

export function saveDemoState(dataDir: string, state: DemoState): void {
  const file = demoStatePath(dataDir);
  mkdirSync(join(dataDir, 'demo'), { recursive: true });
  // Written aside and renamed: a crash mid-write leaves the old file, never half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.tmp`, file);
}
