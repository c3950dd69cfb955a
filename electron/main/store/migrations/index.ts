// Runs the pending migrations in one transaction and records the result in PRAGMA user_version:
// either the whole step to the latest schema happens, or none of it. A file written by a newer
// build (user_version above what this code knows) is refused rather than guessed at.
import { appError } from '@shared/errors';
import type { WriteDb } from '../db';
import type { Migration } from './migration';
import { migration as coreTables } from './0001-core-tables';
import { migration as offlineSearch } from './0002-offline-search';
import { migration as searchFile } from './0003-search-file';
import { migration as undecoded } from './0004-undecoded';

export const MIGRATIONS: readonly Migration[] = [coreTables, offlineSearch, searchFile, undecoded];
export const LATEST_VERSION = MIGRATIONS.length;

export function schemaVersion(db: WriteDb): number {
  return db.select<number>('SELECT user_version FROM pragma_user_version').column<number>()[0] ?? 0;
}

/** Brings the file to `target` (the latest by default; tests step through older versions). */
export function migrate(db: WriteDb, target: number = LATEST_VERSION, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw appError(
      'STORAGE',
      '本地数据库来自更新版本的工作手机助手,请升级后再打开',
      'The local database was written by a newer version of WorkPhone Desk; update the app to open it',
      { databaseVersion: current, supportedVersion: migrations.length },
    );
  }
  if (current >= target) return;
  db.transaction(() => {
    for (const step of migrations.slice(current, target)) {
      step.up(db);
      // A version number from our own table of migrations, not a value from outside.
      db.exec(`PRAGMA user_version = ${step.version}`);
    }
  });
}
