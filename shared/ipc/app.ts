import { z } from 'zod';
import { method } from './define';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Which host runs the services: the Electron app or the web host. */
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  /** 'memory' only with the web host's explicit --ephemeral-secrets flag. */
  secretStorage: z.enum(['keychain', 'memory']),
  dataDir: z.string(),
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appMethods = {
  'app.getInfo': method(z.object({}).strict(), AppInfo),
  /** Opens an http(s) link in the system browser; anything else is refused. */
  'app.openExternal': method(z.object({ url: z.string().max(4096) }).strict(), z.object({ opened: z.boolean() })),
};

export const appEvents = {
  'app.onDidChangeInfo': AppInfo,
};
