// The desktop app's half of the IPC fuzz: Electron's IPC carries structured clones, so the
// renderer can hand the router values JSON never could — NaN, Infinity, BigInt, Map, Set, Date,
// typed arrays, a cycle, holes. Each goes through the real router of a real core (SQLite on a
// file, no accounts): typed error or a value, never INTERNAL, never an echo. The socket half with
// JSON-only hostility is test/e2e/fuzz-ipc.e2e.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contract } from '@shared/ipc/contract';
import { createAppCore, type AppCore } from '../../electron/main/app/core';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { cloneOnlyInput, rng, typedProblem } from '../helpers/fuzz-inputs';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261204);
const PER_METHOD = 60;
const dataDir = mkdtempSync(join(tmpdir(), 'wp-fuzz-router-'));
let core: AppCore;

beforeAll(async () => {
  core = await createAppCore({ host: 'web', dataDir, secrets: new MemorySecretStore() });
});

afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it(`every method takes ${PER_METHOD} structured-clone-only inputs without INTERNAL or echo (seed ${SEED})`, async () => {
  const failures: string[] = [];
  let refused = 0;
  let tried = 0;
  // The demo's creation last: before it the core has no accounts, so no accepted call waits on a vendor.
  const methods = Object.keys(contract.methods).sort((a, b) => Number(a === 'accounts.createDemo') - Number(b === 'accounts.createDemo') || a.localeCompare(b));
  for (const [m, method] of methods.entries()) {
    const rand = rng(SEED + m);
    const schema = contract.methods[method as keyof typeof contract.methods].input;
    for (let i = 0; i < PER_METHOD; i++) {
      const { input, what } = cloneOnlyInput(schema, rand);
      // What ipcRenderer.invoke does to an argument on its way to main.
      const result = await core.router.invoke(method, structuredClone(input), { transport: 'test' });
      tried++;
      if (!result.ok && result.error.code === 'VALIDATION') refused++;
      const problem = typedProblem(result);
      if (problem) failures.push(`${method} (${what}): ${problem}: ${JSON.stringify(result).slice(0, 300)}`);
    }
  }
  console.log(`IPC fuzz, structured clones, seed ${SEED}: ${tried} inputs, ${refused} refused, ${tried - refused} accepted`);
  expect(failures.slice(0, 20)).toEqual([]);
});
