/**
 * API keys must never reach a log, the store or a report. Every key the process knows of is
 * registered here, and text on its way out passes through `stripSecrets`.
 */
const known = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) known.add(value);
}

export function stripSecrets(text: string): string {
  const out = redactKnown(text);
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
