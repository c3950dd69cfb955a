// The installer configuration, read back the way electron-builder reads it: its own loader finds
// electron-builder.ts, its own schema validates it, its own fuse, file-matching and .desktop code
// turn it into what ends up in the installers.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseConfig } from '@electron/fuses';
// The package index first: its modules import each other in a cycle that only resolves from there.
import { PlatformPackager, type FuseOptionsV1 } from 'app-builder-lib';
import * as fileMatcher from 'app-builder-lib/out/fileMatcher';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration, LinuxPackager } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, LINUX_DESKTOP_FILE, LINUX_EXECUTABLE } from '../../../electron/main/desktop/app-identity';
import { BUILD_DEFAULTS, readBuildSettings } from '../../../scripts/build-settings';

const projectDir = fileURLToPath(new URL('../../../', import.meta.url));
/** The marker Electron puts before its fuse wire (@electron/fuses keeps it private). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const SETTING_VARIABLES = ['WORKPHONE_HOMEPAGE', 'WORKPHONE_MAINTAINER', 'WORKPHONE_BUILD_CONFIG'] as const;
let config: Configuration;

/** Runs electron-builder's loader with exactly these build-setting variables set, then restores the rest. */
async function loadWith(env: Partial<Record<(typeof SETTING_VARIABLES)[number], string>>): Promise<Configuration> {
  const saved = SETTING_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of SETTING_VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return await getConfig(projectDir, null, null);
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

beforeAll(async () => {
  config = await loadWith({});
});

describe('electron-builder configuration', () => {
  it('is found by electron-builder and passes its schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('uses the appId the running app gives Windows as its AppUserModelID', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.appId).toBe('com.workphonedesk.app');
    expect(config.productName).toBe('工作手机助手');
    expect(String(config.extraMetadata?.description)).toContain('WorkPhone Desk');
    // Artefact names stay ASCII even though the product name is Chinese.
    expect(config.artifactName).toMatch(/^[\x20-\x7e]+$/);
  });

  it('builds NSIS x64 for Windows, dmg (and the zip electron-updater installs) for macOS, AppImage and deb for Linux', () => {
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.mac?.target).toEqual([{ target: 'dmg' }, { target: 'zip' }]);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.nsis).toMatchObject({ perMachine: false, include: 'resources/installer.nsh' });
  });

  it('points every platform at icons generated in resources/', () => {
    expect(config.directories?.buildResources).toBe('resources');
    for (const icon of [config.win?.icon, config.mac?.icon, config.linux?.icon]) {
      expect(icon).toMatch(/^resources\//);
      expect(existsSync(join(projectDir, icon!))).toBe(true);
    }
    expect(statSync(join(projectDir, String(config.linux?.icon))).isDirectory()).toBe(true);
  });

  it('unpacks the native modules from asar and does not rebuild them', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**/*.node', '**/node_modules/keytar/**/*.node']);
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('declares tel: and workphone: for macOS', () => {
    const protocols = [config.protocols ?? []].flat();
    expect(protocols.flatMap((p) => p.schemes).sort()).toEqual(['tel', 'workphone']);
  });

  it('packs the built app and the runtime icons, not the sources', () => {
    // electron-builder's loader turns the list into one file set.
    const patterns = [config.files ?? []].flat().flatMap((set) => (typeof set === 'string' ? [set] : [set.filter ?? []].flat()));
    expect(patterns).toEqual(expect.arrayContaining(['out/**', 'resources/icon.png', 'resources/icon.ico']));
    expect(patterns.join(' ')).not.toMatch(/electron\/|renderer\/|shared\//);
  });
});

describe('build settings', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-settings-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are the project’s own when nothing is set', () => {
    expect(config.extraMetadata?.homepage).toBe('https://workphonedesk.app');
    expect(config.linux?.maintainer).toBe('WorkPhone Desk <support@workphonedesk.app>');
    expect(readBuildSettings({ projectDir: dir, env: {} })).toEqual({ ...BUILD_DEFAULTS, sources: { homepage: 'default', maintainer: 'default' } });
  });

  it('come from the environment into the configuration electron-builder loads', async () => {
    const set = await loadWith({ WORKPHONE_HOMEPAGE: 'https://it.example.com/workphone', WORKPHONE_MAINTAINER: 'Example IT <it@example.com>' });
    await expect(validateConfiguration(set, new DebugLogger(false))).resolves.toBeUndefined();
    expect(set.extraMetadata?.homepage).toBe('https://it.example.com/workphone');
    expect(set.linux?.maintainer).toBe('Example IT <it@example.com>');
    // Nothing else moves with them.
    expect({ ...set, extraMetadata: undefined, linux: { ...set.linux, maintainer: undefined } }).toEqual({ ...config, extraMetadata: undefined, linux: { ...config.linux, maintainer: undefined } });
  });

  it('come from the file WORKPHONE_BUILD_CONFIG names, and the environment wins over it', async () => {
    const file = join(dir, 'company.json');
    writeFileSync(file, JSON.stringify({ homepage: 'https://intranet.example.cn/desk', maintainer: 'Desk Team <desk@example.cn>' }));
    const fromFile = await loadWith({ WORKPHONE_BUILD_CONFIG: file });
    expect(fromFile.extraMetadata?.homepage).toBe('https://intranet.example.cn/desk');
    expect(fromFile.linux?.maintainer).toBe('Desk Team <desk@example.cn>');

    const both = await loadWith({ WORKPHONE_BUILD_CONFIG: file, WORKPHONE_MAINTAINER: 'Night Shift <night@example.cn>' });
    expect(both.extraMetadata?.homepage).toBe('https://intranet.example.cn/desk');
    expect(both.linux?.maintainer).toBe('Night Shift <night@example.cn>');
  });

  it('come from build.config.json beside package.json, one key at a time', () => {
    const project = mkdtempSync(join(dir, 'project-'));
    writeFileSync(join(project, 'build.config.json'), JSON.stringify({ homepage: 'https://desk.example.org' }));
    expect(readBuildSettings({ projectDir: project, env: {} })).toEqual({
      homepage: 'https://desk.example.org',
      maintainer: BUILD_DEFAULTS.maintainer,
      sources: { homepage: 'file', maintainer: 'default' },
    });
  });

  it('refuse, before anything is built, a value that would make a broken or leaky package', async () => {
    await expect(loadWith({ WORKPHONE_HOMEPAGE: 'http://it.example.com' })).rejects.toThrow('build settings: WORKPHONE_HOMEPAGE must be an https:// address');
    await expect(loadWith({ WORKPHONE_HOMEPAGE: 'https://user:secret@it.example.com' })).rejects.toThrow('must not contain a user name or password');
    await expect(loadWith({ WORKPHONE_MAINTAINER: 'it@example.com' })).rejects.toThrow('WORKPHONE_MAINTAINER must read "Name <email>"');
    await expect(loadWith({ WORKPHONE_BUILD_CONFIG: join(dir, 'missing.json') })).rejects.toThrow('which does not exist');

    const misspelt = join(dir, 'misspelt.json');
    writeFileSync(misspelt, JSON.stringify({ homepge: 'https://it.example.com' }));
    await expect(loadWith({ WORKPHONE_BUILD_CONFIG: misspelt })).rejects.toThrow('unknown setting "homepge" (known: homepage, maintainer)');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "homepage": ');
    await expect(loadWith({ WORKPHONE_BUILD_CONFIG: broken })).rejects.toThrow('is not valid JSON');
    const notText = join(dir, 'number.json');
    writeFileSync(notText, JSON.stringify({ maintainer: 42 }));
    await expect(loadWith({ WORKPHONE_BUILD_CONFIG: notText })).rejects.toThrow('"maintainer" must be a string');
  });
});

describe('Electron fuses', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fuses-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are flipped in the binary as configured', async () => {
    // A stand-in for the Electron binary: the sentinel, then a v1 wire of nine fuses in Electron's
    // shipped state (run-as-node, NODE_OPTIONS, inspect and file:// privileges on; the rest off).
    const on = FuseState.ENABLE;
    const off = FuseState.DISABLE;
    const shipped = [on, off, on, on, off, off, off, on, on];
    const binary = join(dir, 'electron');
    writeFileSync(binary, Buffer.concat([Buffer.alloc(64, 7), Buffer.from(FUSE_SENTINEL), Buffer.from([1, shipped.length, ...shipped]), Buffer.alloc(64, 7)]));

    // electron-builder's own translation of the config, then the same flip it does after packing.
    const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig(f: FuseOptionsV1): Promise<FuseConfig> }).generateFuseConfig;
    await flipFuses(binary, await generate(config.electronFuses!));

    const wire = await getCurrentFuseWire(binary);
    expect(wire.version).toBe(`${FuseVersion.V1}`);
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: off,
      cookieEncryption: on,
      nodeOptions: off,
      inspect: off,
      asarIntegrity: on,
      onlyAsar: on,
      fileProtocolPrivileges: off,
    });
  });
});

describe('files that reach the package', () => {
  // How electron-builder filters node_modules (marked internal, so absent from its typings).
  const { FileMatcher } = fileMatcher;
  const { getNodeModuleFileMatcher } = fileMatcher as unknown as {
    getNodeModuleFileMatcher(appDir: string, destination: string, macro: (p: string) => string, options: object, info: unknown): InstanceType<typeof FileMatcher>;
  };
  const keeps = (platform: string, arch: string, moduleFile: string) => {
    const macro = (p: string) => p.replace('${platform}', platform).replace('${arch}', arch);
    const info = { projectDir, config, debugLogger: new DebugLogger(false) };
    const matcher = getNodeModuleFileMatcher(projectDir, '/pkg', macro, {}, info);
    const [dep, ...rest] = moduleFile.split('/');
    const depDir = join(projectDir, 'node_modules', dep!);
    const filter = new FileMatcher(depDir, `/pkg/node_modules/${dep}`, macro, matcher.patterns).createFilter();
    const stat = Object.assign(statSync(join(depDir, ...rest)), { moduleFullFilePath: `node_modules/${moduleFile}` });
    return filter(join(depDir, ...rest), stat);
  };

  it('keeps only the target platform’s better-sqlite3 binary and drops the SQLite sources', () => {
    expect(keeps('win32', 'x64', 'better-sqlite3/prebuilds/win32-x64.node')).toBe(true);
    expect(keeps('win32', 'x64', 'better-sqlite3/prebuilds/linux-x64.node')).toBe(false);
    expect(keeps('linux', 'x64', 'better-sqlite3/prebuilds/linux-x64.node')).toBe(true);
    expect(keeps('linux', 'x64', 'better-sqlite3/prebuilds/linuxmusl-x64.node')).toBe(false);
    expect(keeps('darwin', 'arm64', 'better-sqlite3/prebuilds/darwin-arm64.node')).toBe(true);
    expect(keeps('darwin', 'arm64', 'better-sqlite3/prebuilds/darwin-x64.node')).toBe(false);
    expect(keeps('linux', 'x64', 'better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false);
  });

  it('keeps the JavaScript of the runtime dependencies', () => {
    expect(keeps('linux', 'x64', 'better-sqlite3/lib/index.js')).toBe(true);
    expect(keeps('linux', 'x64', 'zod/package.json')).toBe(true);
    expect(keeps('linux', 'x64', 'keytar/lib/keytar.js')).toBe(true);
  });
});

describe('Linux desktop entry', () => {
  it('names the app, registers tel: and workphone: as MIME scheme handlers and matches the app_id', async () => {
    const packager = {
      appInfo: { productName: config.productName, sanitizedProductName: config.productName, description: '' },
      executableName: LINUX_EXECUTABLE,
      info: { metadata: { desktopName: config.extraMetadata?.desktopName } },
      fileAssociations: [],
      config,
      platformSpecificBuildOptions: config.linux,
    } as unknown as LinuxPackager;
    const entry = await new LinuxTargetHelper(packager).computeDesktopEntry(config.linux!);
    const lines = entry.split('\n');
    expect(lines).toContain('Name=工作手机助手');
    expect(lines).toContain('Name[en]=WorkPhone Desk');
    expect(lines).toContain('MimeType=x-scheme-handler/tel;x-scheme-handler/workphone;');
    expect(lines).toContain(`StartupWMClass=${LINUX_DESKTOP_FILE.replace(/\.desktop$/, '')}`);
    expect(lines.find((l) => l.startsWith('Exec='))).toMatch(/ %U$/);
  });
});

describe('Windows installer script', () => {
  const script = readFileSync(join(projectDir, 'resources/installer.nsh'), 'utf8');

  it('lists the app under Default apps for TEL and registers workphone:', () => {
    expect(script).toContain('"Software\\WorkPhoneDesk\\Capabilities\\URLAssociations" "tel" "WorkPhoneDesk.Link"');
    expect(script).toContain('"Software\\RegisteredApplications" "WorkPhoneDesk" "Software\\WorkPhoneDesk\\Capabilities"');
    expect(script).toContain('"Software\\Classes\\workphone" "URL Protocol" ""');
  });

  it('passes the link after "--", exactly as the app registers itself at run time', () => {
    const commands = script.match(/'"\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" "--" "%1"'/g) ?? [];
    expect(commands.length).toBe(3);
  });

  it('cleans up on uninstall', () => {
    for (const key of ['Software\\WorkPhoneDesk"', 'Software\\Classes\\WorkPhoneDesk.Link"', 'Software\\Classes\\workphone"']) {
      expect(script).toContain(`DeleteRegKey SHCTX "${key}`);
    }
  });
});
