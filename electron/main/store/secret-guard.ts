// Secrets live in the OS keychain only. Settings are free-form JSON, so a caller could hand us a
// token inside them by mistake; this refuses such a write instead of putting it on disk.
import { appError } from '@shared/errors';

export const SECRET_LOOKING_NAME = /secret|token|passw(or)?d|pwd|credential|private.?key|api.?key|access.?key|signature/i;

export function assertNoSecrets(value: unknown, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoSecrets(item, `${path}[${index}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (SECRET_LOOKING_NAME.test(key)) {
      throw appError(
        'VALIDATION',
        `设置项"${at}"看起来是密钥或令牌,不能保存在本地数据库里,请放到系统钥匙串`,
        `The setting "${at}" looks like a secret or token; secrets go to the system keychain, never the local database`,
        { field: at },
      );
    }
    assertNoSecrets(item, at);
  }
}
