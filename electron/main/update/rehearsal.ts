// TEST ONLY. The web host has no electron-updater, so end-to-end tests of the update notice run
// the real update service (real checks of a latest.yml over HTTP, the real decision, the real
// outbox hold and draft handshake) with this stand-in for the download and the install. It is
// switched on only by WORKPHONE_TEST_UPDATE_HOOK=1, and its routes need the host's launch token,
// like the demo's /__demo hooks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { answer, sameToken, withBody } from '../demo/control';
import type { UpdateEngine } from './service';

export const UPDATE_TEST_HOOK_ENV = 'WORKPHONE_TEST_UPDATE_HOOK';
export const UPDATE_TEST_PREFIX = '/__test/update/';

const FailNext = z.object({ code: z.string().regex(/^[A-Z_]{2,40}$/), message: z.string().max(200).optional() }).strict();

export interface UpdateRehearsal {
  engine: UpdateEngine;
  /** Answers an /__test/update/ request of the web host; false for any other path. */
  handle(token: string, req: IncomingMessage, res: ServerResponse): boolean;
}

export function createUpdateRehearsal(): UpdateRehearsal {
  let installs = 0;
  let downloads = 0;
  let failNext: z.infer<typeof FailNext> | undefined;
  const engine: UpdateEngine = {
    async download(_feed, expected, onProgress) {
      downloads++;
      onProgress(0);
      await new Promise((resolve) => setImmediate(resolve));
      if (failNext) {
        const { code, message } = failNext;
        failNext = undefined;
        throw Object.assign(new Error(message ?? code), { code });
      }
      onProgress(100);
      return expected;
    },
    install() {
      installs++;
    },
  };
  return {
    engine,
    handle(token, req, res) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!url.pathname.startsWith(UPDATE_TEST_PREFIX)) return false;
      if (!sameToken(url.searchParams.get('token'), token)) {
        answer(res, 403, { error: 'launch token required' });
        return true;
      }
      const route = `${req.method ?? 'GET'} ${url.pathname.slice(UPDATE_TEST_PREFIX.length)}`;
      if (route === 'GET record') answer(res, 200, { installs, downloads });
      else if (route === 'POST fail-next') withBody(req, res, FailNext, (request) => ((failNext = request), { armed: request.code }));
      else answer(res, 404, { error: 'unknown update test route' });
      return true;
    },
  };
}
