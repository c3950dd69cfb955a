// The demo's test hooks on the web host, present only in demo mode and only with the launch
// token: what the simulators received (dials, WeChat adds, CRM writes, Youmi tasks and sends,
// Zhuge calls), a fault for the next request to a simulator endpoint, an inbound message now, and
// the simulators gone from the network and back (the offline banner's test).
// Nothing here carries a credential: queries (tokens, signatures) and sign-in bodies are left out.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { DemoWorkspace } from './workspace';

export const DEMO_CONTROL_PREFIX = '/__demo/';

const Times = z.number().int().min(1).max(100).optional();

const MoorFault = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('5xx'), status: z.number().int().min(500).max(599).optional(), times: Times }),
  z.object({ kind: z.literal('delay'), ms: z.number().int().min(0).max(60_000), times: Times }),
  z.object({ kind: z.literal('malformed'), times: Times }),
  z.object({ kind: z.literal('statusCode'), statusCode: z.number().int(), msg: z.string().max(200).optional(), times: Times }),
  z.object({ kind: z.literal('drop'), times: Times }),
  z.object({ kind: z.literal('expireToken'), times: Times }),
  z.object({ kind: z.literal('refuseToken'), times: Times }),
]);

export const FaultRequest = z.discriminatedUnion('vendor', [
  z.object({ vendor: z.literal('moor'), endpoint: z.string().regex(/^(api|oauth)\/[A-Za-z/]+$/), fault: MoorFault }).strict(),
  z
    .object({
      vendor: z.literal('youmi'),
      endpoint: z.enum(['v1.list', 'v1.send', 'v2.getChat', 'v2.send', 'media']),
      fault: z
        .object({
          kind: z.enum(['5xx', 'delay', 'malformed', 'succeedFalse', 'drop']),
          times: Times,
          delayMs: z.number().int().min(0).max(60_000).optional(),
          status: z.number().int().min(500).max(599).optional(),
          afterAction: z.boolean().optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      vendor: z.literal('zhuge'),
      endpoint: z.enum(['send_msg', 'getmsg', 'chat', 'query_num']),
      fault: z
        .object({
          kind: z.enum(['5xx', 'delay', 'malformed', 'code', 'drop']),
          times: Times,
          delayMs: z.number().int().min(0).max(60_000).optional(),
          status: z.number().int().min(500).max(599).optional(),
          code: z.number().int().optional(),
          msg: z.string().max(200).optional(),
          afterHandling: z.boolean().optional(),
        })
        .strict(),
    })
    .strict(),
]);
export type FaultRequest = z.infer<typeof FaultRequest>;

export const InboundRequest = z.object({ vendor: z.enum(['moor', 'youmi', 'zhuge']).optional(), text: z.string().min(1).max(2000).optional() }).strict();

export const ReachableRequest = z.object({ reachable: z.boolean() }).strict();

const MAX_BODY = 64 * 1024;

/** What each simulator received, without credentials. */
export function demoRequestRecords(workspace: DemoWorkspace) {
  const { moor, youmi, zhuge } = workspace.simulators;
  return {
    moor: {
      requests: moor.requests.map((r) => ({ endpoint: r.endpoint, at: r.at, outcome: r.outcome, ...(r.endpoint.startsWith('oauth/') ? {} : { body: r.body }) })),
      dials: moor.dials,
      weChatAdds: moor.weChatAdds,
    },
    youmi: {
      v1Tasks: youmi.v1Tasks(),
      v2Sends: youmi.v2Sends(),
      requestCounts: Object.fromEntries((['v1.list', 'v1.send', 'v2.getChat', 'v2.send', 'media'] as const).map((e) => [e, youmi.requestCount(e)])),
    },
    zhuge: {
      requests: zhuge.requests().map((r) => ({ method: r.method, endpoint: r.endpoint, httpStatus: r.httpStatus, ...(r.vendorCode !== undefined ? { vendorCode: r.vendorCode } : {}), ...(r.form ? { form: r.form } : {}) })),
    },
  };
}

export function injectDemoFault(workspace: DemoWorkspace, request: FaultRequest): void {
  const { moor, youmi, zhuge } = workspace.simulators;
  switch (request.vendor) {
    case 'moor':
      return moor.injectFault(request.endpoint, request.fault);
    case 'youmi':
      return youmi.injectFault(request.endpoint, request.fault);
    case 'zhuge':
      return zhuge.injectFault(request.endpoint, request.fault);
  }
}

/**
 * Answers a /__demo/ request of the web host; false for any other path. `token` is the host's
 * launch token, required in the query.
 */
export function handleDemoControl(workspace: DemoWorkspace, token: string, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (!url.pathname.startsWith(DEMO_CONTROL_PREFIX)) return false;
  if (!sameToken(url.searchParams.get('token'), token)) {
    answer(res, 403, { error: 'launch token required' });
    return true;
  }
  const route = `${req.method ?? 'GET'} ${url.pathname.slice(DEMO_CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'GET requests':
      answer(res, 200, demoRequestRecords(workspace));
      return true;
    case 'POST fault':
      withBody(req, res, FaultRequest, (request) => {
        injectDemoFault(workspace, request);
        return { injected: request };
      });
      return true;
    case 'POST inbound':
      withBody(req, res, InboundRequest, (request) => ({ appended: workspace.appendInbound(request) }));
      return true;
    case 'POST reachable':
      withBody(req, res, ReachableRequest, async (request) => {
        await workspace.setReachable(request.reachable);
        return request;
      });
      return true;
    default:
      answer(res, 404, { error: 'unknown demo route' });
      return true;
  }
}

export function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

export function withBody<S extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: S, act: (input: z.output<S>) => unknown): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      answer(res, 413, { error: 'body too large' });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    const text = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = text.trim() ? JSON.parse(text) : {};
    } catch {
      return answer(res, 400, { error: 'body is not JSON' });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return answer(res, 400, { error: 'invalid request', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    Promise.resolve()
      .then(() => act(parsed.data))
      .then(
        (value) => answer(res, 200, value),
        (error: unknown) => answer(res, 500, { error: error instanceof Error ? error.message : String(error) }),
      );
  });
}
