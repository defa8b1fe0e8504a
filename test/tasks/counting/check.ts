/**
 * Independent readers of generated counting questions. They parse the prompt text itself rather
 * than reuse the generator's code, so a bug in the generator shows up as a mismatch.
 */

/** Count the things in the opening "You have a X, a Y and a Z." and read the asked-for category. */
export function countOpening(prompt: string): { count: number; nouns: string[]; plural: string } {
  const m = /^You have (.+?)\.\s/.exec(prompt);
  if (!m) throw new Error(`no opening sentence in: ${prompt}`);
  const parts = m[1].split(/, | and /);
  const nouns = parts.map((p) => {
    const a = /^(a|an) (.+)$/.exec(p);
    if (!a) throw new Error(`'${p}' is not 'a/an <noun>' in: ${prompt}`);
    // The article must agree with the noun's first letter (our nouns have no silent letters).
    const vowel = /^[aeio]/.test(a[2]);
    if ((a[1] === 'an') !== vowel) throw new Error(`article mismatch '${p}'`);
    return a[2];
  });
  const q =
    /(?:How many|Calculate how many|Count the) ([a-z ]+?) (?:do you have|you have)[^.?]*[.?](?: How many are there\?)?$/.exec(
      prompt,
    );
  if (!q) throw new Error(`no closing question in: ${prompt}`);
  return { count: nouns.length, nouns, plural: q[1] };
}

/** How many items fall in each num_distractors stratum. */
export function strataCounts(items: { strata: Record<string, unknown> }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) {
    const k = String(it.strata.num_distractors);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
