// The id a staged rollout sorts this computer by. It is electron-updater's own file
// (<userData>/.updaterId, a UUID), read or created the way electron-updater does, so our decision
// and its download put this computer in the same place of a rollout.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STAGING_ID_FILE = '.updaterId';
const UUID = /^[a-f0-9]{8}(-[a-f0-9]{4}){3}-[a-f0-9]{12}$/;

export function readOrCreateStagingId(userDataDir: string): string {
  const file = join(userDataDir, STAGING_ID_FILE);
  try {
    const id = readFileSync(file, 'utf8').toLowerCase();
    if (UUID.test(id) && id !== '00000000-0000-0000-0000-000000000000') return id;
  } catch {
    // Missing or unreadable: a new one is made, as electron-updater would.
  }
  const id = randomUUID();
  try {
    mkdirSync(userDataDir, { recursive: true });
    writeFileSync(file, id);
  } catch {
    // A read-only profile still gets a stable place for this run.
  }
  return id;
}
