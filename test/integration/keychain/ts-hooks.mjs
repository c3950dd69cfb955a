// Module hooks that let a plain `node --experimental-strip-types` child import the app's
// TypeScript as vitest would: `@shared/...` to shared/, extensionless relative imports to `.ts`.
// With simulateMissingKeytar, `keytar` resolves to a file that does not exist, so the store meets
// the same ERR_MODULE_NOT_FOUND a broken install gives.
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = new URL('../../../', import.meta.url);
let simulateMissingKeytar = false;

export function initialize(data) {
  simulateMissingKeytar = Boolean(data?.simulateMissingKeytar);
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'keytar' && simulateMissingKeytar) {
    return nextResolve(pathToFileURL(fileURLToPath(new URL('node_modules/keytar-not-installed/index.js', repoRoot))).href, context);
  }
  if (specifier.startsWith('@shared/')) {
    specifier = new URL(`shared/${specifier.slice('@shared/'.length)}`, repoRoot).href;
  }
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const local = specifier.startsWith('.') || specifier.startsWith('file:');
    if (local && error?.code === 'ERR_MODULE_NOT_FOUND') return nextResolve(`${specifier}.ts`, context);
    throw error;
  }
}
