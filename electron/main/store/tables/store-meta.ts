// Facts about the cache itself, such as how far time-ordered ids have spilled (time-key.ts).
import type { ReadDb, WriteDb } from '../db';

export function readMetaNumber(db: ReadDb, key: string): number {
  return db.select<number>('SELECT value FROM store_meta WHERE key = @key').column<number>({ key })[0] ?? 0;
}

export function writeMetaNumber(db: WriteDb, key: string, value: number): void {
  db.write(
    'INSERT INTO store_meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run({ key, value });
}

/** The number stored under `key`, or undefined when there is none (readMetaNumber reads that as 0). */
export function readMetaValue(db: ReadDb, key: string): number | undefined {
  return db.select<number>('SELECT value FROM store_meta WHERE key = @key').column<number>({ key })[0];
}

export function deleteMeta(db: WriteDb, key: string): void {
  db.write('DELETE FROM store_meta WHERE key = @key').run({ key });
}
