// Regenerates every icon in resources/ from the art in electron/main/desktop/icon-art.ts.
// Run after changing the art: `npx jiti scripts/icons.ts`, then commit resources/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIconFiles } from '../electron/main/desktop/icon-files';

const resources = fileURLToPath(new URL('../resources/', import.meta.url));
for (const [name, bytes] of buildIconFiles()) {
  const target = join(resources, name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
  console.log(`${name}  ${bytes.length} bytes`);
}
