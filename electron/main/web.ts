// `npm run web`: the whole app in a browser. Plain Node: nothing on this path imports electron.
import { appendFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAppError } from '@shared/errors';
import { createAppCore } from './app/core';
import { defaultDataDir } from './app/paths';
import { createLogger, stderrSink } from './log/logger';
import { MemorySecretStore, type SecretStore } from './secrets/secret-store';
import { parseWebHostArgs, WEB_HOST_USAGE } from './web/args';
import { startWebHost } from './web/host';
import { createKeychainStore } from './secrets/create';

async function main(): Promise<void> {
  const args = parseWebHostArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${WEB_HOST_USAGE}\n`);
    return;
  }
  const logger = createLogger(stderrSink, 'web-host');
  const dataDir = resolve(args.dataDir ?? defaultDataDir());
  let secrets: SecretStore;
  if (args.ephemeralSecrets) {
    logger.warn('--ephemeral-secrets: secrets are kept in memory only and are lost when the host stops');
    secrets = new MemorySecretStore();
  } else {
    secrets = await createKeychainStore(logger);
  }
  const core = await createAppCore({ host: 'web', dataDir, secrets, logger, demo: args.demo });
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
  });
  process.stdout.write(`WorkPhone Desk web: ${host.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`stopping on ${signal}`);
    await host.close();
    await core.close();
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
