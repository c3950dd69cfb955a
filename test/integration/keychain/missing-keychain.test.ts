// The store outside a working keychain. libsecret keeps its D-Bus connection for the life of a
// process, so each case runs the real KeytarSecretStore in a child Node (store-child.mjs, plain
// `node --experimental-strip-types`) whose environment the test chooses: no session bus, a bus
// with no Secret Service, a locked keyring, keytar not installed. Every operation must come back
// as a KEYCHAIN AppError with the advice for the OS, never a crash, a null or a leaked value.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SerializedError } from '@shared/errors';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const storeChild = fileURLToPath(new URL('./store-child.mjs', import.meta.url));
const onLinux = process.platform === 'linux';

const OPERATIONS = ['probe', 'set', 'get', 'list', 'delete', 'deleteAccount'] as const;
type Operation = (typeof OPERATIONS)[number];

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: SerializedError }
  | { ok: false; thrown: string };

interface ChildRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

interface ChildInput {
  service: string;
  platform: NodeJS.Platform;
  value: string;
  accountId?: string;
  ops?: readonly Operation[];
  simulateMissingKeytar?: boolean;
}

/** Node arguments that run the store in a child; `prefix` wraps them (e.g. in dbus-run-session). */
function storeChildCommand(input: ChildInput): string[] {
  return [process.execPath, '--experimental-strip-types', '--no-warnings', storeChild, JSON.stringify(input)];
}

function parseOutcomes(result: ChildRun): Record<Operation, Outcome> {
  expect(result.signal, result.stderr).toBeNull();
  expect(result.status, result.stderr).toBe(0);
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Record<Operation, Outcome>;
}

/** The KEYCHAIN error an operation ended in; probe reports it as a value. */
function keychainErrorOf(outcome: Outcome | undefined): SerializedError {
  expect(outcome).toBeDefined();
  if (outcome?.ok && typeof outcome.value === 'object' && outcome.value !== null && 'error' in outcome.value) {
    return (outcome.value as { error: SerializedError }).error;
  }
  expect(outcome && !outcome.ok && 'error' in outcome).toBe(true);
  return (outcome as { error: SerializedError }).error;
}

function expectEveryOperationRefused(outcomes: Record<Operation, Outcome>, reason: string): SerializedError[] {
  return OPERATIONS.map((op) => {
    const error = keychainErrorOf(outcomes[op]);
    expect(error.code, op).toBe('KEYCHAIN');
    expect(error.details?.reason, op).toBe(reason);
    return error;
  });
}

let scratch: string;
let childEnv: NodeJS.ProcessEnv;
let secret: string;

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'workphone-keychain-test-'));
  await mkdir(join(scratch, 'data'));
  await mkdir(join(scratch, 'run'), { mode: 0o700 });
  secret = `secret-marker-${randomUUID()}`;
  // No session bus to find (not by address, not at $XDG_RUNTIME_DIR/bus), no display for D-Bus
  // autolaunch or an unlock prompt, and keyring files in the scratch folder, never the real ones.
  childEnv = { ...process.env, XDG_DATA_HOME: join(scratch, 'data'), XDG_RUNTIME_DIR: join(scratch, 'run') };
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DBUS_STARTER_ADDRESS', 'DBUS_STARTER_BUS_TYPE', 'DISPLAY', 'WAYLAND_DISPLAY', 'WORKPHONE_TEST_KEYRING']) {
    delete childEnv[name];
  }
});

afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function input(extra: Partial<ChildInput> = {}): ChildInput {
  return { service: `workphone-desk-test-${randomUUID()}`, platform: 'linux', value: secret, ...extra };
}

describe.runIf(onLinux)('no Secret Service on Linux', () => {
  it('without a session bus, every operation is a KEYCHAIN error telling the agent to start a keyring', async () => {
    const [node, ...args] = storeChildCommand(input());
    const result = await run(node!, args, childEnv);
    const errors = expectEveryOperationRefused(parseOutcomes(result), 'unavailable');

    for (const error of errors) {
      expect(error.message).toContain('GNOME Keyring');
      expect(error.message).toContain('KWallet');
      expect(error.messageZh).toContain('GNOME 密钥环');
      expect(String(error.details?.cause)).toMatch(/D-Bus|bus/i);
    }
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('with a session bus but nobody providing org.freedesktop.secrets, the same', async () => {
    // A bus with no service directories: nothing can be activated on it.
    const busConfig = join(scratch, 'bus.conf');
    await writeFile(
      busConfig,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${scratch}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
    );
    const result = await run('dbus-run-session', [`--config-file=${busConfig}`, '--', ...storeChildCommand(input())], childEnv);
    const errors = expectEveryOperationRefused(parseOutcomes(result), 'unavailable');

    expect(String(errors[0]?.details?.cause)).toContain('org.freedesktop.secrets');
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('with a locked keyring, reads and deletes fail instead of answering "nothing there", and listing does not crash', async () => {
    const service = `workphone-desk-test-${randomUUID()}`;
    const keyringHome = { ...childEnv, KEYRING_CONTROL: join(scratch, 'control') };
    await mkdir(join(scratch, 'control'), { mode: 0o700 });
    // First session: create the login keyring (unlocked) holding one of our entries.
    const created = await run(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        'printf %s throwaway-password | gnome-keyring-daemon --unlock --components=secrets --control-directory="$KEYRING_CONTROL" >/dev/null && exec "$@"',
        'sh',
        ...storeChildCommand({ service, platform: 'linux', value: secret, ops: ['set'] }),
      ],
      keyringHome,
    );
    expect(parseOutcomes(created).set).toEqual({ ok: true, value: null });

    // Second session: D-Bus starts gnome-keyring on demand, the keyring stays locked and the
    // unlock prompt cannot open (no display), as when the agent dismisses it.
    const locked = await run('dbus-run-session', ['--', ...storeChildCommand({ service, platform: 'linux', value: secret })], childEnv);
    const errors = expectEveryOperationRefused(parseOutcomes(locked), 'locked');

    for (const error of errors) {
      expect(error.message).toContain('Unlock');
      expect(error.messageZh).toContain('解锁');
    }
    expect(locked.stdout + locked.stderr).not.toContain(secret);
  });
});

describe('keytar not installed', () => {
  it.each([
    ['linux', 'libsecret'],
    ['darwin', 'reinstall'],
    ['win32', 'reinstall'],
  ] as const)('on %s every operation is a KEYCHAIN error saying to %s', async (platform, advice) => {
    const [node, ...args] = storeChildCommand(input({ platform, simulateMissingKeytar: true }));
    const result = await run(node!, args, childEnv);
    const errors = expectEveryOperationRefused(parseOutcomes(result), 'moduleMissing');

    for (const error of errors) {
      expect(error.message).toContain(advice);
      expect(error.details?.platform).toBe(platform);
    }
    expect(result.stdout + result.stderr).not.toContain(secret);
  });
});

describe.runIf(onLinux)('the real-keychain suite outside a keyring session', () => {
  it('fails loudly instead of skipping', async () => {
    const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
    const result = await run(
      process.execPath,
      [vitest, 'run', '--reporter=default', 'electron/main/secrets/keytar-store.test.ts'],
      { ...childEnv, NO_COLOR: '1', FORCE_COLOR: '0' },
    );

    expect(result.status).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain('No usable OS keychain (KEYCHAIN unavailable)');
    expect(output).toContain('bash .ci/with-keyring.sh');
    expect(output).not.toMatch(/Tests\s+\d+ passed/);
  }, 120_000);
});
