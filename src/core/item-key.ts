/** One item of one task, as a map key: the ids joined by NUL, which no task or item id holds. */
export function itemKey(taskId: string, itemId: string): string {
  return `${taskId}\u0000${itemId}`;
}
