// `npm run bench`: the store's benchmark (docs/benchmarks.md). Prints a table, writes JSON with
// --json FILE, and exits non-zero only when a search answer differs from the substring scan,
// never because of a time.
//   --messages N        messages to ingest (default 1,000,000)
//   --conversations N   conversations they spread over (default 2,000)
//   --page N            messages per sync page (default 250)
//   --seed N            generator seed (default 20260115)
//   --dir PATH          keep the database files here instead of a removed temp folder
//   --json FILE         write the results as JSON
import { writeFileSync } from 'node:fs';
import { runBench, type BenchResult } from './run';
import { round, table } from './stats';

interface Args {
  messages: number;
  conversations: number;
  pageSize: number;
  seed: number;
  dir?: string;
  json?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { messages: 1_000_000, conversations: 2_000, pageSize: 250, seed: 20260115 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const number = () => {
      const parsed = Number(value?.replaceAll('_', ''));
      if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${flag} needs a positive whole number`);
      i++;
      return parsed;
    };
    if (flag === '--messages') args.messages = number();
    else if (flag === '--conversations') args.conversations = number();
    else if (flag === '--page') args.pageSize = number();
    else if (flag === '--seed') args.seed = number();
    else if ((flag === '--dir' || flag === '--json') && value) {
      args[flag === '--dir' ? 'dir' : 'json'] = value;
      i++;
    } else throw new Error(`unknown argument ${flag ?? ''}`);
  }
  return args;
}

const TARGETS = {
  searchP95Ms: 5,
  likeSpeedup: 100,
  ingestPerSecond: 30_000,
  ratioToRaw: 0.1,
  pageP95Ms: 2,
  blockMs: 50,
};

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

export function report(result: BenchResult): string {
  const { ingest, search, conversationPages, eventLoop, database } = result;
  const absent = search.classes.filter((c) => c.queryClass === 'absent');
  const rareAndAbsentMin = Math.min(search.rare.speedupMin, ...absent.map((c) => c.speedupMin));
  const longestBlock = Math.max(eventLoop.ingestBlockMs, eventLoop.searchBlockMs);
  return [
    `WorkPhone Desk store benchmark — ${result.date}`,
    `${result.machine.cpu}, ${result.machine.nproc} cores, Node ${result.machine.node} (V8 ${result.machine.v8}), SQLite ${result.machine.sqlite}, ${result.machine.platform}`,
    `${ingest.messages.toLocaleString('en')} messages in ${result.options.conversations} conversations, ${result.options.pageSize} per page`,
    '',
    table(
      ['ingest', 'value', 'target', ''],
      [
        ['decode + store + search index, wall', `${ingest.messagesPerSecond.toLocaleString('en')} msg/s`, `≥ ${TARGETS.ingestPerSecond.toLocaleString('en')}`, verdict(ingest.messagesPerSecond >= TARGETS.ingestPerSecond)],
        ['per main-thread CPU-second', `${ingest.messagesPerCpuSecond.toLocaleString('en')} msg/s`, '', ''],
        ['raw prepared insert, bare table', `${ingest.rawInsertPerSecond.toLocaleString('en')} rows/s`, '', ''],
        ['ratio to raw', String(ingest.ratioToRaw), `≥ ${TARGETS.ratioToRaw}`, verdict(ingest.ratioToRaw >= TARGETS.ratioToRaw)],
        ['time: all / decode / store / held / index tail', `${ingest.seconds} / ${ingest.decodeSeconds} / ${ingest.storeSeconds} / ${ingest.waitSeconds} / ${ingest.indexTailSeconds} s`, '', ''],
        ['page call wall p50 / p99 / max', `${ingest.pageMs.p50} / ${ingest.pageMs.p99} / ${ingest.pageMs.max} ms`, '', ''],
        ['page CPU p50 / p99 / max', `${ingest.pageCpuMs.p50} / ${ingest.pageCpuMs.p99} / ${ingest.pageCpuMs.max} ms`, `≤ ${TARGETS.blockMs}`, verdict(ingest.pageCpuMs.max <= TARGETS.blockMs)],
        ['longest page (its CPU time)', `${ingest.longestPageMs} ms (${ingest.longestPageCpuMs} ms)`, `≤ ${TARGETS.blockMs}`, verdict(ingest.longestPageMs <= TARGETS.blockMs)],
      ],
    ),
    '',
    table(
      ['search (first 50, snippets)', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'LIKE p50 ms', 'speedup med / min', 'equal to scan', 'p95 ≤ 5 ms'],
      search.classes.map((c) => [
        c.queryClass,
        c.queries,
        c.ms.p50,
        c.ms.p95,
        c.ms.p99,
        c.likeMs.p50,
        `${c.speedupMedian}× / ${c.speedupMin}×`,
        c.correct ? 'yes' : `NO (${c.failures.length})`,
        verdict(c.ms.p95 <= TARGETS.searchP95Ms),
      ]),
    ),
    `all queries: p50 ${search.overall.p50} ms, p95 ${search.overall.p95} ms, p99 ${search.overall.p99} ms`,
    `rare terms (under 50 hits, ${search.rare.queries} queries): p95 ${search.rare.ms.p95} ms, speedup over LIKE median ${search.rare.speedupMedian}× / min ${search.rare.speedupMin}×`,
    `rare and absent terms ≥ ${TARGETS.likeSpeedup}× faster than LIKE: ${verdict(rareAndAbsentMin >= TARGETS.likeSpeedup)} (min ${rareAndAbsentMin}×)`,
    '',
    table(
      ['conversation pages', 'p50 ms', 'p95 ms', 'target p95', ''],
      [
        ['open (latest 50)', conversationPages.open.p50, conversationPages.open.p95, `≤ ${TARGETS.pageP95Ms}`, verdict(conversationPages.open.p95 <= TARGETS.pageP95Ms)],
        ['scroll back (50)', conversationPages.scrollBack.p50, conversationPages.scrollBack.p95, `≤ ${TARGETS.pageP95Ms}`, verdict(conversationPages.scrollBack.p95 <= TARGETS.pageP95Ms)],
      ],
    ),
    '',
    `event loop: longest block ${round(longestBlock)} ms (ingest ${eventLoop.ingestBlockMs}, search ${eventLoop.searchBlockMs}); ` +
      `longest single store call ${eventLoop.longestStoreCallMs} ms — target ≤ ${TARGETS.blockMs}: ${verdict(longestBlock <= TARGETS.blockMs)}`,
    result.walRestarts.count === 0
      ? 'WAL restarts by the writer: 0'
      : `WAL restarts by the writer: ${result.walRestarts.count}, p50 ${result.walRestarts.ms.p50} ms, max ${result.walRestarts.ms.max} ms`,
    result.walHolds.count === 0
      ? 'ingest held for a WAL restart: never'
      : `ingest held for a WAL restart (event loop free): ${result.walHolds.count} times, p50 ${result.walHolds.ms.p50} ms, max ${result.walHolds.ms.max} ms`,
    `search indexer heap, largest reported: ingest ${result.indexerHeap.ingest.usedMb} MB used / ${result.indexerHeap.ingest.totalMb} MB held; whole index again from the cache (${result.indexerHeap.rebuildSeconds} s) ${result.indexerHeap.rebuild.usedMb} / ${result.indexerHeap.rebuild.totalMb} MB`,
    `database: ${database.megabytes} MB (cache ${database.bytes.toLocaleString('en')} bytes + WAL ${database.walBytes.toLocaleString('en')}, search index ${database.indexBytes.toLocaleString('en')})`,
    `correctness: ${result.correct ? 'every answer equals the substring scan' : 'SOME ANSWERS DIFFER FROM THE SUBSTRING SCAN'}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const result = await runBench({
    messages: args.messages,
    conversations: args.conversations,
    pageSize: args.pageSize,
    seed: args.seed,
    ...(args.dir ? { dir: args.dir } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${report(result)}\n`);
  if (args.json) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  for (const failure of result.search.classes.flatMap((c) => c.failures.map((f) => `${c.queryClass}: ${f}`))) {
    process.stderr.write(`search differs from the substring scan: ${failure}\n`);
  }
  process.exitCode = result.correct ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
