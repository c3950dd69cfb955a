// Pattern-based redaction for URLs, headers and JSON bodies. Names are matched case-insensitively
// because the vendors spell them several ways (accessToken, access_token, rand_str, token ...).

const SECRET_NAMES = [
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'rand_str',
  'token',
  'password',
  'secret',
  'authorization',
];

const namePattern = SECRET_NAMES.map((n) => n.replace(/_/g, '_?')).join('|');

// ?accessToken=abc&x=1  /  "accessToken":"abc"  /  Authorization: Bearer abc  /  access_token: abc
const queryParam = new RegExp(`([?&;](?:${namePattern})=)[^&#\\s"']*`, 'gi');
const jsonField = new RegExp(`("(?:${namePattern})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
const headerLine = new RegExp(`\\b((?:${namePattern})\\s*[:=]\\s*)(?:Bearer\\s+)?[^\\s,;"'&]+`, 'gi');

export function redactText(text: string): string {
  return text
    .replace(queryParam, '$1***')
    .replace(jsonField, '$1"***"')
    .replace(headerLine, '$1***');
}

/** A URL safe to log: secret query parameters replaced by ***. */
export function redactUrl(url: string | URL): string {
  const parsed = typeof url === 'string' ? safeParse(url) : url;
  if (!parsed) return redactText(String(url));
  const copy = new URL(parsed.toString());
  for (const key of [...copy.searchParams.keys()]) {
    if (SECRET_NAMES.some((n) => n.toLowerCase() === key.toLowerCase())) copy.searchParams.set(key, '***');
  }
  if (copy.password) copy.password = '***';
  return copy.toString();
}

function safeParse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
