// How a host (the web host with --demo, the desktop app's "try the demo") brings the demo
// workspace up around the app core: simulators and repaired demo accounts before the core starts
// syncing, the three demo accounts on the very first run after it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AccountDraft } from '@shared/ipc/accounts';
import type { Customer } from '@shared/model';
import type { AppContext } from '../app/context';
import type { SecretStore } from '../secrets/secret-store';
import { accountsServiceOf } from '../services/accounts';
import { activeAccounts } from '../services/accounts-record';
import { openStore } from '../store';
import { ensureDemoWorkspace, type DemoWorkspace, type DemoWorkspaceOptions } from './workspace';

/**
 * Starts the simulators and readies the demo accounts of an earlier run (their secrets, gone
 * with a memory-only keychain; their base URL, if a port moved), so sync starts without a
 * failure. Call before createAppCore.
 */
export async function prepareDemoWorkspace(options: DemoWorkspaceOptions & { secrets: SecretStore; databaseFile: string }): Promise<DemoWorkspace> {
  const { secrets, databaseFile, ...workspaceOptions } = options;
  const workspace = await ensureDemoWorkspace(workspaceOptions);
  mkdirSync(dirname(databaseFile), { recursive: true });
  const store = openStore({ file: databaseFile });
  try {
    await workspace.repairDemoAccounts(store, secrets);
  } finally {
    store.close();
  }
  return workspace;
}

/** The first run of a demo data folder without accounts gets the three demo accounts, once. */
export async function createDemoAccountsOnce(workspace: DemoWorkspace, context: AppContext): Promise<void> {
  if (workspace.accountsCreated()) return;
  if (activeAccounts(context.store).length === 0) await accountsServiceOf(context).createDemo();
  workspace.markAccountsCreated();
}

/** For the accounts service's `demoDrafts`: the drafts of this process's workspace, started if need be. */
export function demoDraftsFor(dataDir: string): () => Promise<AccountDraft[]> {
  return async () => (await ensureDemoWorkspace({ dataDir })).demoAccountDrafts();
}

/**
 * The demo tenant's CRM customers. 7moor has no customer-list endpoint, so a real account's list
 * grows from what the agent creates; the demo starts with its tenant's customers to show the view.
 */
export function demoCustomersFor(dataDir: string): () => Promise<Customer[]> {
  return async () =>
    (await ensureDemoWorkspace({ dataDir })).simulators.moor.dataset.customers.map(({ id, name, phone, ...fields }) => ({
      vendorId: id,
      name,
      phone,
      fields: Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    }));
}
