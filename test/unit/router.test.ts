import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appError } from '@shared/errors';
import { method, type Contract } from '@shared/ipc/define';
import { createRouter } from '../../electron/main/ipc/router';
import { createLogger, type LogRecord } from '../../electron/main/log/logger';

const testContract = {
  methods: {
    'math.add': method(z.object({ a: z.number(), b: z.number() }).strict(), z.object({ sum: z.number() })),
    'boom.plain': method(z.object({}), z.object({})),
    'boom.typed': method(z.object({}), z.object({})),
    'leaky.output': method(z.object({}), z.object({ name: z.string() })),
    'bad.output': method(z.object({}), z.object({ count: z.number() })),
    'secret.form': method(z.object({ clientSecret: z.string().min(32) }), z.object({})),
  },
  events: {},
} satisfies Contract;

function setup() {
  const logs: LogRecord[] = [];
  const router = createRouter(
    testContract,
    {
      'math.add': ({ a, b }) => ({ sum: a + b }),
      'boom.plain': () => {
        throw new Error('db password is hunter2 at /home/agent/secret.txt');
      },
      'boom.typed': () => {
        throw appError('NOT_FOUND', '会话不存在', 'Conversation not found', { conversationId: 7 });
      },
      'leaky.output': () => ({ name: 'ok', accessToken: 'tok-should-never-leave' }) as { name: string },
      'bad.output': () => ({ count: 'many' }) as unknown as { count: number },
      'secret.form': () => ({}),
    },
    createLogger((r) => logs.push(r)),
  );
  return { router, logs };
}

describe('router', () => {
  it('runs a valid call and returns its value', async () => {
    const { router } = setup();
    expect(await router.invoke('math.add', { a: 2, b: 3 })).toEqual({ ok: true, value: { sum: 5 } });
  });

  it('refuses invalid input with VALIDATION and the failing path, without running the handler', async () => {
    const { router } = setup();
    const result = await router.invoke('math.add', { a: 'two', b: 3 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.messageZh).toContain('输入有误');
    expect(result.error.details).toEqual({ issues: [expect.objectContaining({ path: 'a' })], field: 'a' });
  });

  it('reads a field set to undefined (a structured clone) as absent, as JSON would', async () => {
    const { router } = setup();
    const withUndefined = await router.invoke('math.add', { a: 1, b: 2, extra: undefined });
    expect(withUndefined).toEqual(await router.invoke('math.add', JSON.parse(JSON.stringify({ a: 1, b: 2, extra: undefined }))));
    expect(withUndefined.ok).toBe(true);
  });

  it('refuses unknown keys (strict inputs) and non-object input', async () => {
    const { router } = setup();
    expect((await router.invoke('math.add', { a: 1, b: 2, extra: true })).ok).toBe(false);
    expect((await router.invoke('math.add', 'nonsense')).ok).toBe(false);
  });

  it('refuses unknown methods, including prototype names', async () => {
    const { router } = setup();
    for (const name of ['nope.method', 'constructor', '__proto__', 'toString', 42, null]) {
      const result = await router.invoke(name, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
    }
  });

  it('turns an unexpected throw into INTERNAL without the stack or the thrown message', async () => {
    const { router, logs } = setup();
    const result = await router.invoke('boom.plain', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INTERNAL');
    const text = JSON.stringify(result);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('secret.txt');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect(logs.some((l) => l.level === 'error')).toBe(true);
  });

  it('passes a typed AppError through with both languages and its details', async () => {
    const { router } = setup();
    expect(await router.invoke('boom.typed', {})).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Conversation not found', messageZh: '会话不存在', details: { conversationId: 7 } },
    });
  });

  it('strips fields the contract does not name from outputs', async () => {
    const { router } = setup();
    const result = await router.invoke('leaky.output', {});
    expect(result).toEqual({ ok: true, value: { name: 'ok' } });
    expect(JSON.stringify(result)).not.toContain('tok-should-never-leave');
  });

  it('reports an output outside the contract as INTERNAL', async () => {
    const { router } = setup();
    const result = await router.invoke('bad.output', {});
    expect(result.ok || result.error.code).toBe('INTERNAL');
  });

  it('never echoes input values in validation errors (a form may carry a secret)', async () => {
    const { router } = setup();
    const result = await router.invoke('secret.form', { clientSecret: 'short-but-secret-value' });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('short-but-secret-value');
  });
});
