import { UserError } from '../../util/errors.js';
import { CLUE_FORMS, matchTemplate, parseOrdinal, QUESTION_FORM, templateParts } from './forms.js';
import type { Attribute, AttrValue, Clue, Puzzle, Ref, Relation } from './model.js';
import { RefResolver, type Resolved, type ValueCandidate } from './refs.js';

/**
 * Parses BBEH zebra-puzzle text:
 *   There are N people next to each other in a row in positions 1, ..., N who ...
 *   Everyone <verb> a different <category>: v1, v2, ..., vN.
 *   Clue 1: <sentence>.
 *   Question: What position is <person> at?
 * Sentences are matched against the forms in forms.ts and people against the attribute values,
 * so any names, attributes and values work. An unknown sentence is a UserError quoting it.
 */

const FORMS = CLUE_FORMS.map((f) => ({ ...f, parts: templateParts(f.template) }));
const QUESTION_PARTS = templateParts(QUESTION_FORM);

type RawRef = Resolved;
interface RawClue {
  rel: Relation;
  refs: RawRef[];
  label: string;
}

export function parsePuzzle(text: string, where = 'puzzle'): Puzzle {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  let size = 0;
  const attributes: Attribute[] = [];
  const clueLines: { label: string; text: string }[] = [];
  let questionText: string | null = null;
  let distractorNote = false;
  for (const [i, line] of lines.entries()) {
    const clue = /^Clue (\d+):\s*(.+)$/.exec(line);
    if (clue) {
      clueLines.push({ label: `clue ${clue[1]}`, text: clue[2] });
      continue;
    }
    const q = /^Question:\s*(.+)$/.exec(line);
    if (q) {
      questionText = q[1];
      continue;
    }
    const people = /^There are (\d+) people\b/.exec(line);
    if (people) {
      size = Number(people[1]);
      continue;
    }
    const attr = /^Everyone (.+?) a different (.+?):\s*(.+?)\.?$/.exec(line);
    if (attr) {
      attributes.push({ verb: attr[1], category: attr[2], values: attr[3].split(/\s*,\s*/) });
      continue;
    }
    if (/irrelevant|not every clue is relevant/i.test(line)) distractorNote = true;
    // Instructions before the clues are free text; after the first clue only clues may follow.
    if (line !== '' && clueLines.length > 0) {
      throw new UserError(
        `${where}, line ${i + 1}: expected "Clue N: ..." or "Question: ...", got "${line}"`,
      );
    }
  }
  if (size < 2 || size > 16) {
    throw new UserError(`${where}: expected a line "There are N people ..." with N from 2 to 16`);
  }
  if (attributes.length === 0) throw new UserError(`${where}: no "Everyone ... a different ...: ..." lines`);
  for (const a of attributes) {
    if (a.values.length !== size || new Set(a.values).size !== size) {
      throw new UserError(
        `${where}: "${a.category}" must list ${size} different values, got ${a.values.length}`,
      );
    }
  }
  if (questionText === null) throw new UserError(`${where}: no "Question: What position is ... at?" line`);

  const resolver = new RefResolver(size, attributes);
  const raw = clueLines.map((c) => parseClue(resolver, c.text, `${where}, ${c.label}`));
  const qRef = parseQuestion(resolver, questionText, where);

  // Ambiguous wording (one value string in two attributes) is settled by how each attribute is
  // worded elsewhere in the same puzzle; what stays ambiguous keeps every reading.
  const attested = new Map<number, Set<string>>();
  for (const r of [...raw.flatMap((c) => c.refs), qRef]) {
    if (r.kind !== 'value') continue;
    const attrs = new Set(r.cands.map((c) => c.attr));
    if (attrs.size !== 1) continue;
    const set = attested.get(r.cands[0].attr) ?? new Set<string>();
    for (const c of r.cands) set.add(c.shape);
    attested.set(r.cands[0].attr, set);
  }
  const toRef = (r: RawRef): Ref =>
    r.kind === 'pos' ? r : { kind: 'value', alts: settle(r.cands, attested) };
  const clues: Clue[] = raw.map((c) => ({ rel: c.rel, refs: c.refs.map(toRef), label: c.label }));
  // An ambiguous question is read every way, like an ambiguous clue (readings.ts).
  const question = toRef(qRef);
  return { size, attributes, clues, question, distractorNote };
}

function settle(cands: ValueCandidate[], attested: Map<number, Set<string>>): AttrValue[] {
  // An attribute drops out only if the puzzle words it differently elsewhere.
  const keep = cands.filter((c) => attested.get(c.attr)?.has(c.shape) ?? true);
  const chosen = keep.length > 0 ? keep : cands;
  const out: AttrValue[] = [];
  for (const c of chosen) {
    if (!out.some((o) => o.attr === c.attr && o.value === c.value))
      out.push({ attr: c.attr, value: c.value });
  }
  return out;
}

function sentence(text: string): string {
  return text.trim().replace(/[.?!]\s*$/, '');
}

function parseClue(resolver: RefResolver, text: string, where: string): RawClue {
  const body = sentence(text);
  const found = new Map<string, RawClue>();
  // For the error message: the unreadable person in the most specific form that fit the words.
  let hint: { lit: number; phrase: string } | null = null;
  for (const form of FORMS) {
    for (const bind of matchTemplate(form.parts, body)) {
      const refs: RawRef[] = [];
      let bad: string | null = null;
      for (const slot of ['A', 'B', 'C', 'K']) {
        const phrase = bind[slot];
        if (phrase === undefined) continue;
        const k = slot === 'K' ? parseOrdinal(phrase) : null;
        const okK = k !== null && k >= 1 && k <= resolver.size;
        const r: RawRef | null =
          slot === 'K' ? (okK ? { kind: 'pos', pos: k - 1 } : null) : resolver.resolve(phrase);
        if (!r) {
          bad = phrase;
          break;
        }
        refs.push(r);
      }
      if (bad !== null) {
        const lit = form.template.replace(/\{[A-Z]\}/g, '').length;
        if (hint === null || lit > hint.lit) hint = { lit, phrase: bad };
        continue;
      }
      const clue = { rel: form.rel, refs, label: where };
      found.set(JSON.stringify([clue.rel, clue.refs]), clue);
    }
  }
  if (found.size === 1) return [...found.values()][0];
  if (found.size > 1) throw new UserError(`${where}: the clue can be read in more than one way: "${text}"`);
  const why = hint !== null ? ` (no listed value fits "${hint.phrase}")` : '';
  throw new UserError(`${where}: unknown clue form: "${text}"${why}`);
}

function parseQuestion(resolver: RefResolver, text: string, where: string): RawRef {
  for (const bind of matchTemplate(QUESTION_PARTS, sentence(text))) {
    const r = resolver.resolve(bind.A);
    if (r && r.kind === 'value') return r;
  }
  throw new UserError(`${where}: unknown question form: "${text}" (expected "What position is ... at?")`);
}
