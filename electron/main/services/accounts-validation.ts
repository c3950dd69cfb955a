// The rules an account form must meet beyond the contract's shapes. The contract already bounds
// lengths and formats; here: where the vendor may be reached, and which settings fit which vendor.
import { appError } from '@shared/errors';
import type { Vendor } from '@shared/model';
import { VENDOR_SETTINGS, type VendorSettings } from './accounts-record';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function invalidUrl(zh: string, en: string, reason: string) {
  return appError('VALIDATION', zh, en, { field: 'baseUrl', reason });
}

/**
 * A vendor base URL: https only, because the token travels in every request; plain http only to
 * this computer (the demo simulators, a local proxy). No user name, password, query or fragment:
 * such parts would be stored in the database, and a token pasted there would be stored with them.
 * Returns the URL without trailing slashes, as the clients join paths to it.
 */
export function checkBaseUrl(raw: string): string {
  const text = raw.trim();
  const url = URL.parse(text);
  if (!url || !url.hostname) {
    throw invalidUrl('服务地址不是有效的网址，例如 https://wpapi.7moor.com', 'The service address is not a valid URL, e.g. https://wpapi.7moor.com', 'notUrl');
  }
  if (url.username || url.password) {
    throw invalidUrl('服务地址里不能包含用户名或密码', 'The service address must not contain a user name or password', 'credentialsInUrl');
  }
  if (url.search || url.hash || text.includes('?') || text.includes('#')) {
    throw invalidUrl('服务地址不能带“?”或“#”后面的参数，只填到域名或路径为止', 'The service address must not have a "?" query or a "#" part; stop at the host or path', 'queryInUrl');
  }
  const secure = url.protocol === 'https:';
  const local = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (!secure && !local) {
    throw invalidUrl(
      '服务地址必须以 https:// 开头（只有本机的模拟服务可以用 http://127.0.0.1）',
      'The service address must start with https:// (only a simulator on this computer may use http://127.0.0.1)',
      'notHttps',
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Settings re-read with the schema of the account's own vendor (the contract's union may fit another). */
export function checkSettings(vendor: Vendor, settings: unknown): VendorSettings {
  const parsed = VENDOR_SETTINGS[vendor].safeParse(settings);
  if (parsed.success) return parsed.data;
  const field = parsed.error.issues[0]?.path.join('.') || 'settings';
  throw appError('VALIDATION', '账号设置与该服务商不符，请检查各项填写', "These settings do not fit this vendor's account; check each field", {
    field,
    vendor,
  });
}

/** Youmi's WeChat ids once each, in the order typed; a Zhuge or 7moor setting passes unchanged. */
export function tidySettings(settings: VendorSettings): VendorSettings {
  if ('wechatIds' in settings) {
    const tenantId = settings.tenantId?.trim();
    return { apiVersion: settings.apiVersion, ...(tenantId ? { tenantId } : {}), wechatIds: [...new Set(settings.wechatIds)] };
  }
  return settings;
}
