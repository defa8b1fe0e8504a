/** The effort level a request was sent with, read from its stored parameters; null when none. */
export function effortLevel(params: unknown): string | null {
  if (!params || typeof params !== 'object') return null;
  const p = params as Record<string, unknown>;
  const at = (o: unknown, ...path: string[]): unknown =>
    path.reduce<unknown>(
      (x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined),
      o,
    );
  const found = [
    at(p, 'reasoning_effort'),
    at(p, 'reasoning', 'effort'),
    at(p, 'output_config', 'effort'),
    at(p, 'generationConfig', 'thinkingConfig', 'thinkingLevel'),
    at(p, 'thinkingConfig', 'thinkingLevel'),
  ].find((v) => typeof v === 'string' && v.length > 0);
  return (found as string | undefined) ?? null;
}
