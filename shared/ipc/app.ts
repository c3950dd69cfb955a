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

export const TelHandlerGuidance = z.object({
  /** False in the web host, where the browser owns tel: links. */
  applicable: z.boolean(),
  isDefault: z.boolean(),
  canSetItself: z.boolean(),
  summary: z.string(),
  steps: z.array(z.string()),
  settingsUri: z.string().optional(),
});

export type TelHandlerGuidance = z.infer<typeof TelHandlerGuidance>;

/** Where main asks the renderer to go: a notification was clicked, the menu's search, ... */
export const NavigationRequest = z.discriminatedUnion('target', [
  z.object({ target: z.literal('conversation'), conversationId: z.number().int() }),
  z.object({ target: z.literal('search') }),
]);

export const appMethods = {
  'app.getInfo': method(z.object({}).strict(), AppInfo),
  /** Opens an http(s) link in the system browser; anything else is refused. */
  'app.openExternal': method(z.object({ url: z.string().max(4096) }).strict(), z.object({ opened: z.boolean() })),
  /** How to make the app the handler of tel: links on this OS (Windows only lets the agent choose). */
  'app.getTelHandlerGuidance': method(z.object({}).strict(), TelHandlerGuidance),
};

export const appEvents = {
  'app.onDidChangeInfo': AppInfo,
  'app.onDidRequestNavigation': NavigationRequest,
};
