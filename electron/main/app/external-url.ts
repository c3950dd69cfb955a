// The one gate for links leaving the app (vendor links in messages, window.open, menus): only
// http(s), no credentials in the URL, no control characters, bounded length.
export function safeExternalUrl(input: string): string | undefined {
  if (input.length > 4096 || /[\u0000-\u001f\u007f]/.test(input)) return undefined;
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  if (!url.hostname) return undefined;
  return url.toString();
}
