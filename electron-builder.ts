// Installers for Windows (NSIS, x64), macOS (dmg, and the zip macOS updates install) and Linux (AppImage, deb): `npm run dist`.
// electron-builder loads this file itself; test/unit/desktop/builder-config.test.ts reads it back
// through electron-builder's own loader and schema. Identity constants come from the module the
// running app uses, so the toast AppUserModelID and the installer's appId cannot drift apart.
// What a company sets for its own build (homepage, Debian maintainer) comes from
// scripts/build-settings.ts: the environment or an optional build.config.json (docs/desktop.md);
// its update server from WORKPHONE_UPDATE_URL or update-server.json (electron/main/update/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'electron-builder';
import { readBuildSettings, type BuildSettings } from './scripts/build-settings';
import {
  APP_ID,
  DIAL_SCHEMES,
  LINUX_DESKTOP_FILE,
  LINUX_EXECUTABLE,
  PRODUCT_NAME,
  PRODUCT_NAME_EN,
} from './electron/main/desktop/app-identity';
import { UPDATE_SERVER_FILE, updatePublishConfig } from './electron/main/update/feed-address';

const description = `${PRODUCT_NAME} (${PRODUCT_NAME_EN}): customer chats, click-to-dial through the 7moor work phone, CRM and call records`;

/** `publish` is the company's update server (docs/desktop.md, "Updates"), or none. */
export function builderConfig(build: BuildSettings, publish: Configuration['publish'] = null): Configuration {
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    copyright: `Copyright © ${PRODUCT_NAME_EN}`,
    directories: { output: 'dist', buildResources: 'resources' },
    // ASCII file names: download pages, CI artefact stores and some proxies mangle Chinese ones.
    artifactName: 'WorkPhone-Desk-${version}-${os}-${arch}.${ext}',
    extraMetadata: {
      // Electron reports this as the Linux app_id; the badge count and the tel: handler find the
      // .desktop file by it.
      desktopName: LINUX_DESKTOP_FILE,
      description,
      homepage: build.homepage,
    },

    files: [
      'out/**',
      // Read at run time: the window icon and the Windows tray icon.
      'resources/icon.png',
      'resources/icon.ico',
      // better-sqlite3 ships every platform's binary and the SQLite sources; keep only this build's.
      // Only exclusions reach node_modules (electron-builder drops inclusions there), hence !(…).
      '!node_modules/better-sqlite3/{deps,src}/**',
      '!node_modules/better-sqlite3/prebuilds/!(${platform}-${arch}).node',
    ],
    asar: true,
    // A native module cannot be loaded from inside an asar archive.
    asarUnpack: ['**/node_modules/better-sqlite3/**/*.node', '**/node_modules/keytar/**/*.node'],
    // Both native modules are Node-API: the binaries npm installed load in Electron as they are.
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,

    electronFuses: {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      // The renderer is loaded from file://; it needs no powers beyond a web page's.
      grantFileProtocolExtraPrivileges: false,
    },

    // macOS registers these in Info.plist; on Linux they become MimeType=x-scheme-handler/… in the
    // .desktop file. Windows gets them from resources/installer.nsh and at run time.
    protocols: [
      { name: '电话号码 (tel)', schemes: [DIAL_SCHEMES[0]], role: 'Viewer' },
      { name: `${PRODUCT_NAME} (workphone)`, schemes: [DIAL_SCHEMES[1]], role: 'Viewer' },
    ],

    win: {
      target: [{ target: 'nsis', arch: ['x64'] }],
      icon: 'resources/icon.ico',
      executableName: 'WorkPhoneDesk',
    },
    nsis: {
      // Per-user install: agents rarely have administrator rights on company PCs.
      oneClick: true,
      perMachine: false,
      shortcutName: PRODUCT_NAME,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      // The agent's cache and settings survive a reinstall.
      deleteAppDataOnUninstall: false,
      include: 'resources/installer.nsh',
    },

    mac: {
      // The zip is what electron-updater installs on macOS (Squirrel.Mac); the dmg is for first installs.
      target: [{ target: 'dmg' }, { target: 'zip' }],
      icon: 'resources/icon.icns',
      category: 'public.app-category.business',
      hardenedRuntime: true,
    },
    dmg: { title: '${productName} ${version}' },

    linux: {
      target: ['AppImage', 'deb'],
      icon: 'resources/icons',
      category: 'Office',
      executableName: LINUX_EXECUTABLE,
      synopsis: PRODUCT_NAME_EN,
      description,
      maintainer: build.maintainer,
      desktop: { entry: { 'Name[en]': PRODUCT_NAME_EN } },
    },
    deb: {
      // The default depends already hold libsecret (keytar) and libnotify. The tray needs an
      // indicator library, which newer Debian and Ubuntu ship only as the Ayatana fork.
      recommends: ['libayatana-appindicator3-1 | libappindicator3-1'],
    },

    // Without an update server no app-update.yml is built in and the app never checks; there is
    // never a GitHub fallback.
    publish,
  };
}

/** electron-builder calls this with the project it builds; the settings are read at that moment. */
export default function config(request?: { projectDir?: string }): Configuration {
  const projectDir = request?.projectDir ?? process.cwd();
  const updateServer = join(projectDir, UPDATE_SERVER_FILE);
  const publish = updatePublishConfig(process.env, existsSync(updateServer) ? readFileSync(updateServer, 'utf8') : undefined);
  return builderConfig(readBuildSettings({ projectDir }), publish);
}
