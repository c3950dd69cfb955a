import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { contract, type AppInput, type AppOutput, type AppPayload } from '@shared/ipc/contract';
import type { AppInfo } from '@shared/ipc/app';

describe('the IPC contract', () => {
  it('gives every method a zod input and output, and every event a zod payload', () => {
    for (const [name, spec] of Object.entries(contract.methods)) {
      expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/);
      expect(spec.input).toBeInstanceOf(z.ZodType);
      expect(spec.output).toBeInstanceOf(z.ZodType);
    }
    for (const [name, schema] of Object.entries(contract.events)) {
      expect(name).toMatch(/^[a-z]+\.onDid[A-Z][a-zA-Z]+$/);
      expect(schema).toBeInstanceOf(z.ZodType);
    }
  });

  it('infers the types both sides use from the schemas', () => {
    expectTypeOf<AppOutput<'app.getInfo'>>().toEqualTypeOf<AppInfo>();
    expectTypeOf<AppInput<'app.openExternal'>>().toEqualTypeOf<{ url: string }>();
    expectTypeOf<AppPayload<'app.onDidChangeInfo'>>().toEqualTypeOf<AppInfo>();
  });
});
