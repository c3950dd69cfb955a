// Command-line options of the web host. Parsed by hand: a few flags do not need a library.
import { appError } from '@shared/errors';

export interface WebHostArgs {
  port: number;
  dataDir?: string;
  demo: boolean;
  /** Demo only: new customer messages every 20–40 s. */
  demoTraffic: boolean;
  /** Demo only: the simulators answer this much later (to watch, or interrupt, a first sync). */
  demoLatencyMs: number;
  /** Keep secrets in memory only (demo and tests); the default is the OS keychain. */
  ephemeralSecrets: boolean;
  /** Keychain service name other than the app's own, so a test run never meets an agent's entries. */
  keychainService?: string;
  help: boolean;
}

export const WEB_HOST_USAGE = `Usage: npm run web -- [options]
  --port N              port on 127.0.0.1 (0 = any free port; default 0)
  --data-dir DIR        where the cache lives (default: the app's per-user data folder)
  --demo / --no-demo    create the demo workspace on first run (default: --demo)
  --demo-traffic / --no-demo-traffic
                        demo: a new customer message every 20-40 s (default: on)
  --demo-latency MS     demo: the simulators answer MS milliseconds late (default 0)
  --ephemeral-secrets   keep secrets in memory only, never the keychain (demo and tests)
  --keychain-service NAME
                        keep secrets in the OS keychain under NAME, not the app's own
                        service (tests that restart the host on the same data folder)
  --help                this text`;

export function parseWebHostArgs(argv: readonly string[]): WebHostArgs {
  const args: WebHostArgs = { port: 0, demo: true, demoTraffic: true, demoLatencyMs: 0, ephemeralSecrets: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const [flag, inline] = raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw usageError(`${flag} needs a value`, `${flag} 需要一个值`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const v = value();
        const port = Number(v);
        if (!/^\d+$/.test(v) || port > 65535) throw usageError(`--port must be 0-65535, got ${v}`, `--port 必须是 0-65535`);
        args.port = port;
        break;
      }
      case '--data-dir':
        args.dataDir = value();
        break;
      case '--demo':
        args.demo = true;
        break;
      case '--no-demo':
        args.demo = false;
        break;
      case '--demo-traffic':
        args.demoTraffic = true;
        break;
      case '--no-demo-traffic':
        args.demoTraffic = false;
        break;
      case '--demo-latency': {
        const v = value();
        const ms = Number(v);
        if (!/^\d+$/.test(v) || ms > 60_000) throw usageError(`--demo-latency must be 0-60000 ms, got ${v}`, `--demo-latency 必须是 0-60000 毫秒`);
        args.demoLatencyMs = ms;
        break;
      }
      case '--ephemeral-secrets':
        args.ephemeralSecrets = true;
        break;
      case '--keychain-service': {
        const v = value();
        if (!/^[A-Za-z0-9._-]{1,100}$/.test(v)) throw usageError('--keychain-service must be 1-100 letters, digits, ".", "_" or "-"', '--keychain-service 只能是 1-100 个字母、数字、"."、"_" 或 "-"');
        args.keychainService = v;
        break;
      }
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw usageError(`unknown option ${flag}`, `未知选项 ${flag}`);
    }
  }
  return args;
}

function usageError(message: string, messageZh: string) {
  return appError('VALIDATION', messageZh, `${message}\n${WEB_HOST_USAGE}`);
}
