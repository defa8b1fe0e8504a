import { parseOrdinal } from './forms.js';
import type { Attribute } from './model.js';

/**
 * Reading the noun phrase that names a person. Generic over attributes: a phrase names whoever
 * holds a listed value, written in one of the shapes BBEH uses:
 *   "{v}"                                    (names: "Katherine")
 *   "the {v}" / "the {v} <word>"             ("the Brit", "the basketball player")
 *   "the person who <1-4 words> {v} [<word>]" ("the person who lives in the red house")
 *   "the person at the 3rd position" / "the person in position 3"
 * The longest matching value wins ("table tennis" over "tennis", "orange juice" over "orange").
 */

export interface ValueCandidate {
  attr: number;
  value: number;
  /** The phrase with the value replaced by {v}, lower-cased: how this attribute was worded. */
  shape: string;
}

export type Resolved = { kind: 'pos'; pos: number } | { kind: 'value'; cands: ValueCandidate[] };

// Words that belong to the clue sentence, never to a person's description.
const RESERVED = new Set(['is', 'not', 'and', 'who', 'whose', 'person', 'position', 'somewhere', 'between']);

const WORD = /^[a-z][a-z'-]*$/;

function okWords(words: string[], min: number, max: number): boolean {
  return words.length >= min && words.length <= max && words.every((w) => WORD.test(w) && !RESERVED.has(w));
}

export class RefResolver {
  private readonly values: { text: string; attr: number; value: number }[] = [];

  constructor(
    readonly size: number,
    attributes: readonly Attribute[],
  ) {
    attributes.forEach((a, attr) => {
      a.values.forEach((v, value) => {
        this.values.push({ text: v.toLowerCase(), attr, value });
      });
    });
    this.values.sort((x, y) => y.text.length - x.text.length);
  }

  resolve(phrase: string): Resolved | null {
    const p = phrase.trim().replace(/\s+/g, ' ');
    const lp = p.toLowerCase();
    const pos = /^the person (?:at the (\S+) position|in position (\S+))$/.exec(lp);
    if (pos) {
      const k = parseOrdinal(pos[1] ?? pos[2]);
      return k !== null && k >= 1 && k <= this.size ? { kind: 'pos', pos: k - 1 } : null;
    }
    const cands: ValueCandidate[] = [];
    let bestLen = 0;
    for (const v of this.values) {
      if (v.text.length < bestLen) break;
      for (let i = lp.indexOf(v.text); i >= 0; i = lp.indexOf(v.text, i + 1)) {
        const pre = lp.slice(0, i);
        const post = lp.slice(i + v.text.length);
        if (!this.okShape(pre, post)) continue;
        bestLen = v.text.length;
        cands.push({ attr: v.attr, value: v.value, shape: `${pre}{v}${post}` });
      }
    }
    return cands.length > 0 ? { kind: 'value', cands } : null;
  }

  private okShape(pre: string, post: string): boolean {
    if (pre !== '' && !pre.endsWith(' ')) return false;
    if (post !== '' && !post.startsWith(' ')) return false;
    const suffix = post === '' ? [] : post.slice(1).split(' ');
    if (!okWords(suffix, 0, 1)) return false;
    if (pre === '') return post === '';
    if (pre === 'the ') return true;
    const m = /^the person who (.+) $/.exec(pre);
    return m !== null && okWords(m[1].split(' '), 1, 4);
  }
}
