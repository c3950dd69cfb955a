// A main process with the app's logging and uncaught-error handlers, for process-errors.test.ts:
// `survive` throws from a callback and leaves a promise rejection unhandled, then goes on working;
// `storm` throws from a timer over and over. argv: <logsDir> survive|storm
import { watchProcessErrors } from '../../electron/main/app/process-errors';
import { startAppLogging } from '../../electron/main/log/app-logging';

const [dir, mode] = process.argv.slice(2);
if (!dir || (mode !== 'survive' && mode !== 'storm')) throw new Error('usage: <logsDir> survive|storm');
const logs = startAppLogging({ dir, name: 'web-host', echo: () => undefined });
watchProcessErrors(process, logs.logger, { beforeExit: logs.flush, exit: (code) => process.exit(code) });

if (mode === 'survive') {
  setTimeout(() => {
    throw new TypeError('a poll callback threw');
  }, 10);
  setTimeout(() => void Promise.reject(new Error('nobody awaited this send')), 20);
  setTimeout(() => {
    logs.logger.info('still working after both');
    process.stdout.write('alive\n');
    logs.close();
  }, 100);
} else {
  let n = 0;
  setInterval(() => {
    n++;
    throw new Error(`thrown in a loop, time ${n}`);
  }, 5);
}
