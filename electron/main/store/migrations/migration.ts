import type { WriteDb } from '../db';

/** One schema step. Files are append-only: a shipped migration is never edited, only followed. */
export interface Migration {
  version: number;
  name: string;
  up(db: WriteDb): void;
}
