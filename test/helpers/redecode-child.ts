// A process for the re-decode crash test: it opens a cache an older version wrote and decodes it
// again in small pages with a rest between them, saying "page" after each commit, until the test
// kills it (SIGKILL, no cleanup). argv: <cache file>
import { contract } from '../../shared/ipc/contract';
import { createEventBus } from '../../electron/main/ipc/event-bus';
import { silentLogger } from '../../electron/main/log/logger';
import { openStore } from '../../electron/main/store';
import { RedecodeJob } from '../../electron/main/sync/redecode';
import { systemClock } from '../../electron/main/vendors/http/clock';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: redecode-child <cache file>');
const store = openStore({ file });
const job = new RedecodeJob(
  { store, bus: createEventBus(contract), clock: systemClock, logger: silentLogger },
  { batchSize: 5, scanSize: 10, pauseMs: 30, onPage: () => process.stdout.write('page\n') },
);
await job.start();
store.close();
process.stdout.write('done\n');
