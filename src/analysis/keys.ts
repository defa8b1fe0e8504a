/** Map keys of analysis: parts joined by NUL, which no model, task, item or variant name holds. */
export function groupKey(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}

/** One item of one task. */
export function itemKey(taskId: string, itemId: string): string {
  return `${taskId}\u0000${itemId}`;
}
