// `npm run web`: the whole app in a browser. Plain Node: nothing on this path imports electron.
import { appendFileSync } from 'node:fs';
import { release as osRelease } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAppError } from '@shared/errors';
import { createAppCore, DATABASE_FILE } from './app/core';
import { handleDemoControl } from './demo/control';
import { createDemoAccountsOnce, prepareDemoWorkspace } from './demo/host';
import { defaultDataDir } from './app/paths';
import { startAppLogging } from './log/app-logging';
import { watchProcessErrors } from './app/process-errors';
import { MemorySecretStore, type SecretStore } from './secrets/secret-store';
import { parseWebHostArgs, WEB_HOST_USAGE } from './web/args';
import { startWebHost } from './web/host';
import { createKeychainStore } from './secrets/create';
import { createUpdateRehearsal, UPDATE_TEST_HOOK_ENV } from './update/rehearsal';
import { readOrCreateStagingId } from './update/staging-id';

async function main(): Promise<void> {
  const args = parseWebHostArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${WEB_HOST_USAGE}\n`);
    return;
  }
  const dataDir = resolve(args.dataDir ?? defaultDataDir());
  const logs = startAppLogging({ dir: join(dataDir, 'logs'), name: 'web-host' });
  const { logger } = logs;
  watchProcessErrors(process, logger, { beforeExit: logs.flush, exit: (code) => process.exit(code) });
  let secrets: SecretStore;
  if (args.ephemeralSecrets) {
    logger.warn('--ephemeral-secrets: secrets are kept in memory only and are lost when the host stops');
    secrets = new MemorySecretStore();
  } else {
    secrets = await createKeychainStore(logger, args.keychainService);
  }
  const demo = args.demo
    ? await prepareDemoWorkspace({ dataDir, secrets, databaseFile: join(dataDir, DATABASE_FILE), liveTraffic: args.demoTraffic, latencyMs: args.demoLatencyMs, logger })
    : undefined;
  const core = await createAppCore({ host: 'web', dataDir, secrets, logger, demo: args.demo, logs });
  if (demo) {
    try {
      await createDemoAccountsOnce(demo, core.context);
    } catch (error) {
      // Without a keychain the demo accounts cannot be stored; the host still serves the app (its
      // first-run screen explains the keychain), and the flag below is the way to try the demo anyway.
      logger.warn('the demo accounts were not created; to try the demo without the OS keychain, start with --ephemeral-secrets', {
        reason: isAppError(error) ? error.message : String(error),
      });
    }
  }
  // For the update notice's end-to-end test only: the real update service with a stand-in engine.
  const updateRehearsal = process.env[UPDATE_TEST_HOOK_ENV] === '1' ? createUpdateRehearsal() : undefined;
  if (updateRehearsal) {
    logger.warn(`${UPDATE_TEST_HOOK_ENV}: updates are rehearsed (nothing is downloaded or installed); for tests only`);
    core.updates.attach({ engine: updateRehearsal.engine, fetch, builtFeed: null, platform: process.platform, arch: process.arch, osRelease: osRelease(), stagingId: readOrCreateStagingId(dataDir) });
  }
  const testRoutes = [
    ...(demo ? [(req: IncomingMessage, res: ServerResponse, token: string) => handleDemoControl(demo, token, req, res)] : []),
    ...(updateRehearsal ? [(req: IncomingMessage, res: ServerResponse, token: string) => updateRehearsal.handle(token, req, res)] : []),
  ];
  const here = dirname(fileURLToPath(import.meta.url));
  // For the leak test only: every IPC frame, one JSON line each, to search for secrets afterwards.
  const recordFramesTo = process.env.WORKPHONE_RECORD_FRAMES;
  if (recordFramesTo) logger.warn('recording every IPC frame to a file (WORKPHONE_RECORD_FRAMES); for tests only');
  const host = await startWebHost({
    router: core.router,
    bus: core.bus,
    staticDir: join(here, '..', 'renderer'),
    port: args.port,
    logger,
    ...(recordFramesTo ? { onFrame: (direction: 'in' | 'out', text: string) => appendFileSync(recordFramesTo, `${JSON.stringify({ direction, text })}\n`) } : {}),
    // A message's file the agent saves (a one-time address media.saveAs gave the page); then the
    // simulators' records and faults (demo mode) and the update rehearsal, for end-to-end tests
    // only, each with the launch token.
    extraRoutes: (req: IncomingMessage, res: ServerResponse, token: string) => core.media.serve(req, res) || testRoutes.some((route) => route(req, res, token)),
  });
  process.stdout.write(`WorkPhone Desk web: ${host.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`stopping on ${signal}`);
    await host.close();
    await core.close();
    await demo?.close();
    logs.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = isAppError(error) ? `${error.messageZh}\n${error.message}` : String(error instanceof Error ? error.message : error);
  process.stderr.write(`WorkPhone Desk web host failed to start: ${message}\n`);
  process.exit(1);
});
