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
  /** Where the log files are (the web host: <dataDir>/logs; the desktop app: Electron's logs folder). */
  logsDir: z.string().optional(),
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

/**
 * "Export diagnostics" (Settings → About): one text file for a support ticket. The desktop app
 * asks where to save it and writes it; the web host hands the text to the page to download.
 */
export const DiagnosticsExport = z.discriminatedUnion('delivery', [
  z.object({ delivery: z.literal('saved'), path: z.string(), bytes: z.number().int().nonnegative() }),
  z.object({ delivery: z.literal('cancelled') }),
  z.object({ delivery: z.literal('download'), fileName: z.string(), text: z.string().max(16 * 1024 * 1024), bytes: z.number().int().nonnegative() }),
]);
export type DiagnosticsExport = z.infer<typeof DiagnosticsExport>;

export const appMethods = {
  'app.getInfo': method(z.object({}).strict(), AppInfo),
  /** Opens an http(s) link in the system browser; anything else is refused. */
  'app.openExternal': method(z.object({ url: z.string().max(4096) }).strict(), z.object({ opened: z.boolean() })),
  /** How to make the app the handler of tel: links on this OS (Windows only lets the agent choose). */
  'app.getTelHandlerGuidance': method(z.object({}).strict(), TelHandlerGuidance),
  /** Logs, versions, account health and the store's numbers, without secrets, tokens or message content. */
  'app.exportDiagnostics': method(z.object({}).strict(), DiagnosticsExport),
};

export const appEvents = {
  'app.onDidChangeInfo': AppInfo,
  'app.onDidRequestNavigation': NavigationRequest,
};
