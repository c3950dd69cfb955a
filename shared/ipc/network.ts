// The network path to the vendors: which proxy the app uses (the system's, a manual one, none),
// how each account's base URL leaves the computer, and the proxy's sign-in when it asks for one.
// Proxy passwords go in (setProxy, answerProxyLogin) and never come back out.
import { z } from 'zod';
import { Vendor } from '../model';
import { AccountId } from './common';
import { method } from './define';
import { singleLine } from './text';

export const ProxyMode = z.enum(['system', 'manual', 'direct']);
export type ProxyMode = z.infer<typeof ProxyMode>;

/** What a proxy sign-in is made of; the password only ever travels into main. */
const ProxyUser = singleLine({ min: 1, max: 200 });
const ProxyPassword = z.string().min(1).max(500);

export const ProxySettingInput = z
  .object({
    mode: ProxyMode,
    /** `host:port` of an HTTP proxy; required for 'manual', checked in main (shared/proxy.ts). */
    server: singleLine({ max: 300 }).optional(),
    /** Hosts that go straight out, one entry each (`*.corp.example`, `10.0.0.0/8`, `<local>`). */
    bypass: z.array(singleLine({ min: 1, max: 260 })).max(100).default([]),
    /** The manual proxy's sign-in: a user name with a new password, or the user name alone to keep the saved password. */
    username: ProxyUser.optional(),
    password: ProxyPassword.optional(),
    /** Removes the saved sign-in of the manual proxy from the keychain. */
    forgetCredentials: z.boolean().optional(),
  })
  .strict();

/** One step of a route, in the order the network stack tries them. */
export const RouteStep = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct') }),
  /** `scheme` is Chromium's word (PROXY = HTTP, HTTPS, SOCKS…); the web host only has HTTP/HTTPS proxies. */
  z.object({ type: z.literal('proxy'), scheme: z.string(), server: z.string() }),
]);

/**
 * Why a request goes the way it does: the manual proxy or its bypass list, the environment
 * (web host: HTTPS_PROXY / NO_PROXY), the OS settings (desktop: system proxy, PAC, WPAD), a
 * loopback address (never proxied), or "no proxy".
 */
export const RouteSource = z.enum(['manual', 'bypass', 'environment', 'system', 'loopback', 'direct']);

export const ProxyRoute = z.object({
  steps: z.array(RouteStep),
  source: RouteSource,
  /** Set when the route could not be worked out (a PAC file that fails, an unsupported proxy scheme). */
  problem: z.string().optional(),
});
export type ProxyRoute = z.infer<typeof ProxyRoute>;

export const NetworkStatus = z.object({
  host: z.enum(['electron', 'web']),
  /** Where "system" comes from on this host. */
  systemSource: z.enum(['os', 'environment']),
  proxy: z.object({
    mode: ProxyMode,
    server: z.string().optional(),
    bypass: z.array(z.string()),
    /** The manual proxy's saved sign-in: the user name, and whether a password is in the keychain. */
    username: z.string().optional(),
    hasPassword: z.boolean(),
  }),
  /** The environment's proxy for https and http URLs (web host), without any credentials. */
  environment: z.object({ https: z.string().optional(), http: z.string().optional(), noProxy: z.array(z.string()) }).optional(),
  routes: z.array(
    z.object({
      accountId: AccountId,
      label: z.string(),
      vendor: Vendor,
      baseUrl: z.string(),
      route: ProxyRoute,
    }),
  ),
});
export type NetworkStatus = z.infer<typeof NetworkStatus>;

export const ProxyLoginRequest = z.object({
  requestId: z.string(),
  /** `host:port` of the proxy asking. */
  proxy: z.string(),
  scheme: z.string(),
  realm: z.string(),
  /** The sign-in the app sent was refused: say so instead of asking as if for the first time. */
  refused: z.boolean(),
  username: z.string().optional(),
});
export type ProxyLoginRequest = z.infer<typeof ProxyLoginRequest>;

export const ProxyLoginAnswer = z.discriminatedUnion('action', [
  z.object({ action: z.literal('signIn'), requestId: z.string().max(64), username: ProxyUser, password: ProxyPassword, remember: z.boolean() }).strict(),
  z.object({ action: z.literal('cancel'), requestId: z.string().max(64) }).strict(),
]);

export const networkMethods = {
  'network.getStatus': method(z.object({}).strict(), NetworkStatus),
  'network.setProxy': method(ProxySettingInput, NetworkStatus),
  'network.answerProxyLogin': method(ProxyLoginAnswer, z.object({ accepted: z.boolean() })),
};

export const networkEvents = {
  /** The proxy asked for a sign-in that the app does not have (or that it refused). */
  'network.onDidRequestProxyLogin': ProxyLoginRequest,
  /** A sign-in request was answered or dropped (answered in another window, timed out). */
  'network.onDidSettleProxyLogin': z.object({ requestId: z.string() }),
};
