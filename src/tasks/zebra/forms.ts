import type { Relation } from './model.js';

/**
 * Clue sentence forms, shared by the parser and the writer. `{A}`, `{B}`, `{C}` are people in
 * clue order; `{K}` is a position ("3rd"). These are the forms BBEH uses, plus their mirror and
 * negated variants so that other puzzles written the same way also parse.
 */
export interface ClueForm {
  rel: Relation;
  template: string;
}

export const CLUE_FORMS: readonly ClueForm[] = [
  { rel: 'same', template: '{A} is {B}' },
  { rel: 'notSame', template: '{A} is not {B}' },
  { rel: 'same', template: '{A} is at the {K} position' },
  { rel: 'same', template: '{A} is in position {K}' },
  { rel: 'notSame', template: '{A} is not at the {K} position' },
  { rel: 'end', template: '{A} is at one of the ends' },
  { rel: 'notEnd', template: '{A} is not at one of the ends' },
  { rel: 'nextTo', template: '{A} is next to {B}' },
  { rel: 'notNextTo', template: '{A} is not next to {B}' },
  { rel: 'leftOf', template: '{A} is immediately to the left of {B}' },
  { rel: 'rightOf', template: '{A} is immediately to the right of {B}' },
  { rel: 'before', template: '{A} is somewhere to the left of {B}' },
  { rel: 'after', template: '{A} is somewhere to the right of {B}' },
  { rel: 'between', template: '{A} is somewhere in between {B} and {C} in that order' },
  { rel: 'betweenAny', template: '{A} is somewhere in between {B} and {C}' },
];

export const QUESTION_FORM = 'What position is {A} at';

/** The writer's form for each relation (the first listed with only person slots). */
export function formFor(rel: Relation): string {
  const f = CLUE_FORMS.find((x) => x.rel === rel && !x.template.includes('{K}'));
  if (!f) throw new Error(`no sentence form for ${rel}`);
  return f.template;
}

export type Part = { lit: string } | { slot: string };

export function templateParts(template: string): Part[] {
  const parts: Part[] = [];
  const re = /\{([A-Z])\}/g;
  let last = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    if (m.index > last) parts.push({ lit: template.slice(last, m.index) });
    parts.push({ slot: m[1] });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ lit: template.slice(last) });
  return parts;
}

/**
 * Every way `text` fits the template: slot name → slot text. Slots are never adjacent, so each
 * slot ends where some occurrence of the following literal begins.
 */
export function matchTemplate(parts: Part[], text: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const bind: Record<string, string> = {};
  const walk = (i: number, pos: number): void => {
    if (i === parts.length) {
      if (pos === text.length) out.push({ ...bind });
      return;
    }
    const part = parts[i];
    if ('lit' in part) {
      if (text.startsWith(part.lit, pos)) walk(i + 1, pos + part.lit.length);
      return;
    }
    const next = parts[i + 1];
    if (next === undefined) {
      if (pos < text.length) {
        bind[part.slot] = text.slice(pos);
        walk(i + 1, text.length);
      }
      return;
    }
    if (!('lit' in next)) throw new Error('adjacent slots in a template');
    for (let j = text.indexOf(next.lit, pos + 1); j >= 0; j = text.indexOf(next.lit, j + 1)) {
      bind[part.slot] = text.slice(pos, j);
      walk(i + 1, j);
    }
  };
  walk(0, 0);
  return out;
}

const ORDINAL_WORDS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

/** "3rd", "third" or "3" → 3; null if not a position word. */
export function parseOrdinal(s: string): number | null {
  const t = s.trim().toLowerCase();
  const m = /^(\d+)(st|nd|rd|th)?$/.exec(t);
  if (m) return Number(m[1]);
  const w = ORDINAL_WORDS.indexOf(t);
  return w >= 0 ? w + 1 : null;
}

/** 1 → "1st", 2 → "2nd", 11 → "11th". */
export function ordinal(k: number): string {
  const teen = k % 100 >= 11 && k % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th');
  return `${k}${suffix}`;
}
