// While a domain's service is being built, its methods answer UNSUPPORTED instead of being
// missing from the router. This file shrinks as services land and goes away when empty.
import { AppError } from '@shared/errors';
import type { MethodSpec } from '@shared/ipc/define';

export function answerUnavailable<M extends Record<string, MethodSpec>>(methods: M): { [K in keyof M]: () => never } {
  const out = {} as { [K in keyof M]: () => never };
  for (const name of Object.keys(methods) as (keyof M)[]) {
    out[name] = () => {
      throw new AppError({
        code: 'UNSUPPORTED',
        message: `${String(name)} is not available in this build yet`,
        messageZh: `此版本暂不支持 ${String(name)}`,
      });
    };
  }
  return out;
}
