/** Map keys of analysis: parts joined by NUL, which no model, task, item or variant name holds. */
export function groupKey(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}
