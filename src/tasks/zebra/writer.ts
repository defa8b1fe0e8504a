import { formFor, ordinal, QUESTION_FORM } from './forms.js';
import type { Attribute, AttrValue, Clue, Puzzle, Ref } from './model.js';

/**
 * Writes a puzzle as BBEH-style text: the line-up, one "Everyone ... a different ..." line per
 * attribute, numbered clues and the question. parser.ts reads it back.
 */

function refText(ref: Ref, attributes: readonly Attribute[]): string {
  if (ref.kind === 'pos') return `the person at the ${ordinal(ref.pos + 1)} position`;
  if (ref.alts.length !== 1) throw new Error('cannot write an ambiguous reference');
  const { attr, value } = ref.alts[0];
  const a = attributes[attr];
  if (a.phrase === undefined) throw new Error(`attribute "${a.category}" has no phrase to write`);
  return a.phrase.replace('{v}', a.values[value]);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function clueText(clue: Clue, attributes: readonly Attribute[]): string {
  const names = ['A', 'B', 'C'];
  let s = formFor(clue.rel);
  clue.refs.forEach((r, i) => {
    s = s.replace(`{${names[i]}}`, refText(r, attributes));
  });
  return `${capitalise(s)}.`;
}

export function puzzleText(p: Puzzle): string {
  const positions = Array.from({ length: p.size }, (_, i) => i + 1).join(', ');
  const lines = [
    `There are ${p.size} people standing in a row, in positions ${positions} from left to right, and each of them has the characteristics below.`,
    ...p.attributes.map((a) => `Everyone ${a.verb} a different ${a.category}: ${a.values.join(', ')}.`),
    'Use the clues below to answer the question at the end.',
  ];
  if (p.distractorNote) lines.push('Not every clue is relevant to the question.');
  p.clues.forEach((c, i) => {
    lines.push(`Clue ${i + 1}: ${clueText(c, p.attributes)}`);
  });
  lines.push('', `Question: ${QUESTION_FORM.replace('{A}', refText(p.question, p.attributes))}?`);
  return lines.join('\n');
}

/**
 * How a reader takes each clue: a person written exactly like a value of another attribute (the
 * same words, as with `SHARED_PAIRS`) may be either, so the reference lists both, in attribute
 * order, as the parser reads it.
 */
export function readAs(attributes: readonly Attribute[]): (c: Clue) => Clue {
  const sameWords = new Map<string, AttrValue[]>();
  attributes.forEach((a, attr) => {
    a.values.forEach((_, value) => {
      const key = refText({ kind: 'value', alts: [{ attr, value }] }, attributes).toLowerCase();
      sameWords.set(key, [...(sameWords.get(key) ?? []), { attr, value }]);
    });
  });
  const widen = (r: Ref): Ref =>
    r.kind === 'pos'
      ? r
      : { kind: 'value', alts: sameWords.get(refText(r, attributes).toLowerCase()) ?? r.alts };
  return (c) => ({ ...c, refs: c.refs.map(widen) });
}

/** The puzzle as its text reads (see `readAs`), the question included. */
export function asWritten(p: Puzzle): Puzzle {
  const read = readAs(p.attributes);
  const question = read({ rel: 'end', refs: [p.question] }).refs[0];
  return { ...p, clues: p.clues.map(read), question };
}
