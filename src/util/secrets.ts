/**
 * API keys must never reach a log, the store or a report. Every key the process knows of is
 * registered here, and text on its way out passes through `stripSecrets`.
 */
const known = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) known.add(value);
}

export function stripSecrets(text: string): string {
  const out = redactUrlCredentials(redactKnown(text));
  // Common key shapes, in case one arrived by a path we did not register.
  return out.replace(/\b(sk-(?:ant-)?[A-Za-z0-9_-]{12,}|AIza[0-9A-Za-z_-]{20,})/g, '[redacted]');
}

/**
 * Blanks only the registered keys, nothing that merely looks like one: for model output, which is
 * stored byte for byte unless it carries one of our keys (a proxy echoing the request, say).
 */
export function redactKnown(text: string): string {
  let out = text;
  for (const k of known) if (out.includes(k)) out = out.split(k).join('[redacted]');
  return out;
}

/** Query parameters whose value is a credential (`?api-key=`, `&token=`, `sig=`…). */
const SECRET_PARAM =
  /([?&;](?:[\w.~-]*?)(?:key|token|secret|passw|pwd|auth|sig|credential)[\w.~-]*=)([^&#;\s"'<>]+)/gi;
/** The user information of a URL (`https://user:key@host`). */
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>]+)@/gi;

/**
 * Blanks the credentials in every URL in `text`: user information and the values of query
 * parameters named like a key, token, secret, password or signature. Anything else is kept byte for
 * byte, so a URL without credentials is unchanged.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(USERINFO, '$1[redacted]@').replace(SECRET_PARAM, '$1[redacted]');
}

/** Registers the credentials in a URL as secrets, so they are blanked wherever they show up. */
export function registerUrlCredentials(url: string): void {
  for (const m of url.matchAll(USERINFO))
    for (const part of m[2].split(':')) {
      registerSecret(part);
      registerSecret(safeDecode(part));
    }
  for (const m of url.matchAll(SECRET_PARAM)) {
    registerSecret(m[2]);
    registerSecret(safeDecode(m[2]));
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
