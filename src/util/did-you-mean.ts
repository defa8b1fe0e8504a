/**
 * "did you mean" for a name that matches nothing: the closest candidates by edit distance (a typo
 * of a third of the name at most, or a candidate that contains it), nearest first.
 */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of new Set(candidates)) {
    const l = c.toLowerCase();
    const d = l.includes(w) || w.includes(l) ? Math.abs(l.length - w.length) / 4 : distance(w, l);
    if (d <= Math.max(1, Math.floor(Math.max(w.length, 3) / 3))) scored.push({ c, d });
  }
  // Only the nearest: 'misleading-mth' suggests misleading-math, not misleading-python too.
  const best = Math.min(...scored.map((s) => s.d));
  return scored
    .filter((s) => s.d === best)
    .sort((a, b) => a.c.localeCompare(b.c))
    .slice(0, max)
    .map((s) => s.c);
}

/** " (did you mean 'misleading-math'?)", or "" when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = closest(word, candidates);
  return near.length ? ` (did you mean ${near.map((c) => `'${c}'`).join(' or ')}?)` : '';
}

/** Levenshtein distance, with an adjacent swap counted as one edit (Damerau's restricted form). */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const r = new Array<number>(cols).fill(0);
    r[0] = i;
    return r;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++)
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}
