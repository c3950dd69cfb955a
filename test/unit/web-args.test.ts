import { describe, expect, it } from 'vitest';
import { parseWebHostArgs } from '../../electron/main/web/args';
import { defaultDataDir } from '../../electron/main/app/paths';

describe('web host arguments', () => {
  it('defaults to a free port, the demo and the keychain', () => {
    expect(parseWebHostArgs([])).toEqual({ port: 0, demo: true, demoTraffic: true, demoLatencyMs: 0, ephemeralSecrets: false, help: false });
  });

  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(parseWebHostArgs(['--port', '8123', '--data-dir=/tmp/x', '--no-demo', '--ephemeral-secrets'])).toEqual({
      port: 8123,
      dataDir: '/tmp/x',
      demo: false,
      demoTraffic: true,
      demoLatencyMs: 0,
      ephemeralSecrets: true,
      help: false,
    });
  });

  it('reads the demo options: live traffic off, simulator latency', () => {
    expect(parseWebHostArgs(['--no-demo-traffic', '--demo-latency', '150'])).toMatchObject({ demo: true, demoTraffic: false, demoLatencyMs: 150 });
    expect(parseWebHostArgs(['--demo-traffic', '--demo-latency=0'])).toMatchObject({ demoTraffic: true, demoLatencyMs: 0 });
    for (const argv of [['--demo-latency', '-5'], ['--demo-latency', '70000'], ['--demo-latency']]) {
      expect(() => parseWebHostArgs(argv)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    }
  });

  it('reads a keychain service name of its own, and refuses one that is empty or odd', () => {
    expect(parseWebHostArgs(['--keychain-service', 'workphone-desk-test-1a2b'])).toMatchObject({ keychainService: 'workphone-desk-test-1a2b', ephemeralSecrets: false });
    for (const argv of [['--keychain-service'], ['--keychain-service='], ['--keychain-service', 'a b'], ['--keychain-service', 'x'.repeat(101)]]) {
      expect(() => parseWebHostArgs(argv)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    }
  });

  it('refuses bad ports and unknown flags with a typed error', () => {
    for (const argv of [['--port', '-1'], ['--port', '70000'], ['--port', 'abc'], ['--port'], ['--host', '0.0.0.0']]) {
      expect(() => parseWebHostArgs(argv)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    }
  });

  it('keeps data in the per-user app data folder of each OS', () => {
    expect(defaultDataDir('linux', {}, '/home/a')).toBe('/home/a/.config/WorkPhone Desk');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/a')).toBe('/xdg/WorkPhone Desk');
    expect(defaultDataDir('darwin', {}, '/Users/a')).toBe('/Users/a/Library/Application Support/WorkPhone Desk');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a')).toContain('WorkPhone Desk');
  });
});
