import type { ReadDb, WriteDb } from '../db';
import { assertNoSecrets } from '../secret-guard';

export function readSetting(db: ReadDb, key: string): unknown {
  const json = db.select<string>('SELECT value FROM settings WHERE key = @key').column<string>({ key })[0];
  return json === undefined ? undefined : (JSON.parse(json) as unknown);
}

export function writeSetting(db: WriteDb, key: string, value: unknown, now: number): void {
  assertNoSecrets({ [key]: value });
  db.write(
    `INSERT INTO settings (key, value, updated_at) VALUES (@key, @value, @now)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ key, value: JSON.stringify(value ?? null), now });
}

export function removeSetting(db: WriteDb, key: string): void {
  db.write('DELETE FROM settings WHERE key = @key').run({ key });
}
