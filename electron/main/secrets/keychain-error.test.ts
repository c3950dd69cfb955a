// What the agent reads when the keychain fails, for the texts each OS's keychain really produces
// (libsecret / gnome-keyring, macOS Security framework via SecCopyErrorMessageString, Windows
// FormatMessage). The real failures on Linux run end to end in test/integration/keychain.
import { describe, expect, it } from 'vitest';
import { appError } from '@shared/errors';
import { registerSecretForRedaction } from '../log/logger';
import { classifyKeychainFailure, keychainError, type KeychainFailure } from './keychain-error';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyKeychainFailure', () => {
  it.each<[string, unknown, KeychainFailure]>([
    ['linux, no session bus', new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), 'unavailable'],
    ['linux, no Secret Service', new Error('The name org.freedesktop.secrets was not provided by any .service files'), 'unavailable'],
    ['linux, bus socket gone', new Error('Could not connect: No such file or directory'), 'unavailable'],
    ['linux, locked keyring', new Error('Cannot create an item in a locked collection'), 'locked'],
    ['linux, no login keyring', new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”'), 'locked'],
    ['linux, prompt dismissed', new Error('The operation was cancelled'), 'locked'],
    ['macOS, locked while unattended', new Error('User interaction is not allowed.'), 'locked'],
    ['macOS, wrong password', new Error('The user name or passphrase you entered is not correct.'), 'locked'],
    ['macOS, no default keychain', new Error('A default keychain could not be found.'), 'unavailable'],
    ['windows, no logon session', new Error('A specified logon session does not exist. It may already have been terminated.'), 'unavailable'],
    ['libsecret missing', withCode('libsecret-1.so.0: cannot open shared object file: No such file or directory', 'ERR_DLOPEN_FAILED'), 'moduleMissing'],
    ['wrong Node ABI', new Error('The module keytar.node was compiled against a different Node.js version using NODE_MODULE_VERSION 115'), 'moduleMissing'],
    ['something else', new Error('Unexpected reply 0x1234'), 'failed'],
    ['a thrown string', 'weird', 'failed'],
  ])('%s → %s', (_case, error, expected) => {
    expect(classifyKeychainFailure(error)).toBe(expected);
  });

  it('treats any failure while loading keytar as a missing module', () => {
    expect(classifyKeychainFailure(new Error('anything at all'), 'load')).toBe('moduleMissing');
  });
});

describe('keychainError', () => {
  it('gives the Linux agent keyring advice in both languages', () => {
    const error = keychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), { operation: 'get', platform: 'linux' });

    expect(error.code).toBe('KEYCHAIN');
    expect(error.message).toMatch(/GNOME Keyring.*KWallet.*libsecret/);
    expect(error.messageZh).toMatch(/GNOME 密钥环.*KWallet.*libsecret/);
    expect(error.details).toEqual({
      reason: 'unavailable',
      operation: 'get',
      platform: 'linux',
      cause: 'Cannot autolaunch D-Bus without X11 $DISPLAY',
    });
    expect(error.retryable).toBe(false);
  });

  it('tells the macOS agent to unlock the login keychain in Keychain Access', () => {
    const error = keychainError(new Error('User interaction is not allowed.'), { operation: 'set', platform: 'darwin' });

    expect(error.message).toContain('Keychain Access');
    expect(error.messageZh).toContain('钥匙串访问');
    // Unlocking is something the agent can do, then the same action works.
    expect(error.retryable).toBe(true);
  });

  it('tells the Windows agent to start the Credential Manager service', () => {
    const error = keychainError(new Error('A specified logon session does not exist. It may already have been terminated.'), {
      operation: 'list',
      platform: 'win32',
    });

    expect(error.message).toContain('Credential Manager');
    expect(error.message).toContain('services.msc');
    expect(error.messageZh).toContain('凭据管理器');
  });

  it('has advice in both languages for every failure, different for each failure on one OS', () => {
    const samples: Record<KeychainFailure, unknown> = {
      moduleMissing: withCode('Cannot find module keytar', 'ERR_MODULE_NOT_FOUND'),
      unavailable: new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'),
      locked: new Error('Cannot create an item in a locked collection'),
      failed: new Error('Unexpected reply'),
    };
    for (const platform of ['linux', 'darwin', 'win32', 'freebsd'] as const) {
      const seen = new Set<string>();
      for (const [reason, sample] of Object.entries(samples)) {
        const error = keychainError(sample, { operation: 'get', platform });
        expect(error.details?.reason).toBe(reason);
        expect(error.messageZh).toMatch(/[\u4e00-\u9fff]/);
        expect(error.message).toMatch(/^[\x20-\x7e]+$/);
        seen.add(error.message).add(error.messageZh);
      }
      expect(seen.size, platform).toBe(8);
    }
  });

  it('scrubs known secrets and the values of this operation out of the OS text', () => {
    registerSecretForRedaction('registered-token-0123456789');
    const error = keychainError(new Error('keyring said no to registered-token-0123456789 and to pw123'), {
      operation: 'set',
      platform: 'linux',
      hide: ['pw123'],
    });

    expect(error.details?.cause).toBe('keyring said no to *** and to ***');
  });

  it('cuts a very long OS text', () => {
    const error = keychainError(new Error('x'.repeat(5000)), { operation: 'get', platform: 'linux' });
    expect(String(error.details?.cause).length).toBeLessThanOrEqual(501);
  });

  it('lets an AppError of ours through unchanged', () => {
    const validation = appError('VALIDATION', '密钥不能为空', 'A secret cannot be empty');
    expect(keychainError(validation, { operation: 'set', platform: 'linux' })).toBe(validation);
  });
});
