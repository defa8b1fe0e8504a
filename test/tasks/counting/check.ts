/** How many items fall in each num_distractors stratum. */
export function strataCounts(items: { strata: Record<string, unknown> }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) {
    const k = String(it.strata.num_distractors);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
