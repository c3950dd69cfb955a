// The rules an account form must meet beyond the contract's shapes. The contract already bounds
// lengths and formats; here: where the vendor may be reached, and which settings fit which vendor.
import { appError } from '@shared/errors';
import { INPUT_RULES, vendorBaseUrlProblem } from '@shared/ipc/text';
import type { Vendor } from '@shared/model';
import { VENDOR_SETTINGS, type VendorSettings } from './accounts-record';

/**
 * A vendor base URL, checked again by the contract's own rule (shared/ipc/text.ts) since a stored
 * account is re-checked here too, and returned without trailing slashes, as the clients join paths
 * to it.
 */
export function checkBaseUrl(raw: string): string {
  const text = raw.trim();
  const problem = vendorBaseUrlProblem(text);
  const url = problem ? null : URL.parse(text);
  if (problem || !url) {
    const rule = INPUT_RULES[problem ?? 'url.http'];
    throw appError('VALIDATION', `服务地址${rule.zh}`, `The service address ${rule.en}`, { field: 'baseUrl', reason: problem ?? 'url.http' });
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
