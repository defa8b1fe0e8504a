/**
 * Parsing a model's multiple-choice answer into an option index. Pure functions.
 *
 * Accepted forms, tried in this order (the first that decides wins):
 * 1. the whole answer is a letter: "A", "(A)", "A)", "a.", "B:"
 * 2. the same after a lead-in such as "Answer:", "The answer is", "Final answer -"
 * 3. parenthesised letters anywhere: "I pick (B) because…"; two different ones → ambiguous (null)
 * 4. a leading letter with a delimiter: "B) No", "B. Take both boxes", "C: it depends"
 * 5. "option B", "choice B", "answer is B", "I choose B"; two different ones → ambiguous
 * 6. the option's own text, with or without its letter: "Yes", "I take only Box B."
 * Anything else, and any letter outside the options, gives null (unparsable), never a guess.
 */

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** "(B)" → 1, " (a) " → 0; null when the string is not a single (possibly parenthesised) letter. */
export function letterToIndex(s: string): number | null {
  const m = s.trim().match(/^\(?([A-Za-z])\)?[.):]?$/);
  return m ? LETTERS.indexOf(m[1].toUpperCase()) : null;
}

export function indexToLetter(i: number): string {
  if (!Number.isInteger(i) || i < 0 || i >= LETTERS.length) throw new RangeError(`no letter for option ${i}`);
  return LETTERS[i];
}

const LEAD_IN =
  /^(?:(?:my|the)\s+)?(?:final\s+)?(?:answer|choice|option|response|selection)\s*(?:is|would be|:|-|=)?\s*:?\s*/i;

// Keywords are case-insensitive but the letter must be a capital, so "choose a different one" is no answer.
const NAMED_LETTER =
  /\b(?:[Oo]ption|[Cc]hoice|[Aa]nswer(?: is)?|[Cc]hoose|[Pp]ick|[Ss]elect|[Gg]o with)\s+\(?([A-Z])\)?(?=$|[\s.,;:!)])/g;

export function parseChoice(answer: string, options: readonly string[]): number | null {
  const n = options.length;
  const valid = (i: number | null): number | null => (i !== null && i >= 0 && i < n ? i : null);
  const text = answer.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
  if (text === '') return null;

  // 1–2: a bare letter, possibly after a lead-in.
  const bare = letterToIndex(text);
  if (bare !== null) return valid(bare);
  const afterLeadIn = text.replace(LEAD_IN, '');
  if (afterLeadIn !== text) {
    const li = letterToIndex(afterLeadIn);
    if (li !== null) return valid(li);
  }

  // 3: parenthesised letters anywhere in the text.
  const paren = distinct([...text.matchAll(/\(([A-Z])\)/g)].map((m) => LETTERS.indexOf(m[1])));
  if (paren.length > 1) return null;
  if (paren.length === 1) return valid(paren[0]);

  // 4: a leading letter followed by a delimiter and (usually) the option text.
  const lead = afterLeadIn.match(/^([A-Z])[).:](?:\s|$)/);
  if (lead) return valid(LETTERS.indexOf(lead[1]));

  // 5: a letter named by a keyword.
  const named = distinct([...text.matchAll(NAMED_LETTER)].map((m) => LETTERS.indexOf(m[1])));
  if (named.length > 1) return null;
  if (named.length === 1) return valid(named[0]);

  // 6: the option text itself.
  return matchOptionText(afterLeadIn, options);
}

/** Index of the one option whose text the answer equals or contains (at word boundaries); else null. */
export function matchOptionText(answer: string, options: readonly string[]): number | null {
  const a = norm(answer);
  if (a === '') return null;
  const normed = options.map(norm);
  const exact = normed.flatMap((o, i) => (o !== '' && o === a ? [i] : []));
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return null;
  const contained = normed.flatMap((o, i) => (o !== '' && containsWords(a, o) ? [i] : []));
  // "I do not consent" also contains nothing shorter by accident, but "Yes, definitely" contains "yes":
  // keep only the matches that are not part of a longer match.
  const maximal = contained.filter(
    (i) =>
      !contained.some((j) => j !== i && normed[j].length > normed[i].length && normed[j].includes(normed[i])),
  );
  return maximal.length === 1 ? maximal[0] : null;
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^a-z0-9$%' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function containsWords(haystack: string, needle: string): boolean {
  return ` ${haystack} `.includes(` ${needle} `);
}

function distinct(xs: number[]): number[] {
  return [...new Set(xs)];
}
