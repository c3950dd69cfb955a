// How much heap each worker thread of the store may take. A worker past its limit is ended by V8
// with ERR_WORKER_OUT_OF_MEMORY and the app carries on without it (the indexer is started again,
// the checkpoints fall back to SQLite's own); without a limit a runaway worker would take the
// agent's PC memory first. Chosen against what the workers measured (docs/benchmarks.md):
// - search indexer: at most 10.5 MB used / 15 MB held during a 200,000-message ingest, 8.5 / 11 MB
//   while making the whole index again from the cache (records are read one row at a time, so the
//   figure does not grow with the cache). One message of a million characters takes about 100 MB
//   to split for the unigram index; 256 MB takes messages up to about two million characters.
// - checkpointer: a bare isolate with the driver loaded, 8 MB used / 11 MB held; it keeps no data.
import type { ResourceLimits } from 'node:worker_threads';

export const INDEXER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 256 };
export const CHECKPOINTER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 32 };

/**
 * Below about 4 MB a worker's isolate cannot even be made, and V8 then ends the whole process,
 * not the worker (tried: 2 MB aborts Node, 4 MB ends the worker before its first line). No
 * configuration may go below this floor.
 */
export const MIN_OLD_GENERATION_MB = 16;

export function workerLimits(limits: ResourceLimits): ResourceLimits {
  const old = limits.maxOldGenerationSizeMb;
  return old === undefined || old >= MIN_OLD_GENERATION_MB ? limits : { ...limits, maxOldGenerationSizeMb: MIN_OLD_GENERATION_MB };
}
