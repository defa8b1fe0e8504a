import { readFileSync } from 'node:fs';
import { packageFile } from '../../util/package-root.js';
import { PyRandom } from '../../util/py-random.js';
import { pyFixed } from '../../util/py-text.js';

/**
 * The paper's misleading-counting creators (MisleadingMathCreator, MisleadingPythonCreator) made
 * again: same templates (data/paper-protocol/counting-creators.json), same distractor kinds, same
 * draws in the same order from Python's Mersenne Twister seeded as the creators seed it. With the
 * creators' settings (seed 42, counts 1-5) instance i equals the creators' instance i byte for
 * byte (test/fixtures/paper-goldens/ holds their own output).
 */

export type CountingDomain = 'math' | 'python';

interface ObjectTemplate {
  category: string;
  item1: string;
  item2: string;
  items1: string[];
  items2: string[];
}

interface DistractorSpec {
  kind: string;
  template: string;
  ranges?: Record<string, [number, number]>;
  /** probability_export / probability_state: [categories, options]; an empty list of categories is the fallback. */
  options?: [string[], string[]][];
  [list: string]: unknown;
}

interface CreatorData {
  randomSeed: number;
  maxDistractors: number;
  opening: string;
  question: string;
  answer: number;
  objectTemplates: ObjectTemplate[];
  math: { dataset: string; distractors: DistractorSpec[] };
  python: { dataset: string; distractors: DistractorSpec[] };
}

let loaded: CreatorData | undefined;
function data(): CreatorData {
  loaded ??= JSON.parse(
    readFileSync(packageFile('data', 'paper-protocol', 'counting-creators.json'), 'utf8'),
  ) as CreatorData;
  return loaded;
}

/** The creators' seed (GenerationConfig.random_seed in register_tasks.py). */
export const CREATOR_SEED = 42;

/** One instance as the creator returns it: TaskInstance.to_dict() fields, in its key order. */
export interface CreatedInstance {
  prompt: string;
  answer: number;
  dataset: string;
  category: string;
  item1: string;
  item2: string;
  num_distractors: number;
  distractors: string[];
  /** Which generator made each distractor (not part of the creator's record). */
  kinds: string[];
}

/** `{name}` placeholders filled from `values`; a missing value is a bug in the data file. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`counting-creators.json: no value for {${key}}`);
    return String(v);
  });
}

/** `_get_article`: 'an' before a vowel letter, else 'a'. */
function article(word: string): string {
  return 'aeiouAEIOU'.includes(word[0]) ? 'an' : 'a';
}

interface Ctx {
  r: PyRandom;
  t: ObjectTemplate;
  item1: string;
  item2: string;
}

const range = (s: DistractorSpec, name: string): [number, number] => {
  const r = s.ranges?.[name];
  if (!r) throw new Error(`counting-creators.json: ${s.kind} has no range '${name}'`);
  return r;
};
const list = (s: DistractorSpec, name: string): string[] => s[name] as string[];
const int = (c: Ctx, s: DistractorSpec, name: string) => c.r.randint(...range(s, name));

/** The options that apply to a category: its group's, else the fallback (empty category list). */
function optionsFor(s: DistractorSpec, category: string): string[] {
  const groups = s.options ?? [];
  const hit = groups.find(([cats]) => cats.includes(category)) ?? groups.find(([cats]) => cats.length === 0);
  if (!hit) throw new Error(`counting-creators.json: ${s.kind} has no options for ${category}`);
  return hit[1];
}

/** Each kind's draws, in the creator's order (statements, not object literals, to keep the order plain). */
const DRAWS: Record<string, (c: Ctx, s: DistractorSpec) => string> = {
  probability_combination(c, s) {
    const probability = int(c, s, 'probability');
    const { item1, item2 } = c;
    return fill(s.template, {
      probability,
      article1: article(item1),
      item1,
      article2: article(item2),
      item2,
    });
  },
  probability_export(c, s) {
    const probability = int(c, s, 'probability');
    return fill(s.template, { probability, option: c.r.choice(optionsFor(s, c.t.category)) });
  },
  probability_state(c, s) {
    const probability = int(c, s, 'probability');
    return fill(s.template, { probability, option: c.r.choice(optionsFor(s, c.t.category)) });
  },
  weight(c, s) {
    const weight1 = int(c, s, 'weight');
    const weight2 = int(c, s, 'weight');
    const unit = c.r.choice(list(s, 'units'));
    return fill(s.template, { item1: c.item1, weight1, unit, item2: c.item2, weight2 });
  },
  price(c, s) {
    const price1 = c.r.uniform(...range(s, 'price'));
    const price2 = c.r.uniform(...range(s, 'price'));
    return fill(s.template, {
      item1: c.item1,
      price1: pyFixed(price1, 2),
      item2: c.item2,
      price2: pyFixed(price2, 2),
    });
  },
  time(c, s) {
    const time1 = int(c, s, 'time');
    const time2 = int(c, s, 'time');
    const unit = c.r.choice(list(s, 'units'));
    const action = c.r.choice(list(s, 'actions'));
    return fill(s.template, { action, item1: c.item1, time1, unit, item2: c.item2, time2 });
  },
  location: (c, s) => pair(c, s, 'locations', 'location'),
  person: (c, s) => pair(c, s, 'people', 'person'),
  material: (c, s) => pair(c, s, 'materials', 'material'),
  color: (c, s) => pair(c, s, 'colors', 'color'),

  list_comprehension(c, s) {
    const num1 = int(c, s, 'num');
    const num2 = int(c, s, 'num');
    return fill(s.template, { num1, num2, category: c.t.category });
  },
  variable_naming(c, s) {
    const num1 = int(c, s, 'num');
    const num2 = int(c, s, 'num');
    const op = c.r.choice(list(s, 'ops'));
    return fill(s.template, { category: c.t.category, num1, op, num2 });
  },
  function: (c, s) => fill(s.template, { category: c.t.category }),
  complex_calculation: (c, s) => fill(s.template, { category: c.t.category }),
  class: (c, s) =>
    fill(s.template, {
      // str.capitalize(): first letter upper, the rest lower.
      Category: c.t.category.charAt(0).toUpperCase() + c.t.category.slice(1).toLowerCase(),
      type1: c.t.item1.replaceAll(' ', '_'),
      type2: c.t.item2.replaceAll(' ', '_'),
    }),
  recursive: (c, s) => fill(s.template, { category: c.t.category }),
  loop(c, s) {
    const num = int(c, s, 'num');
    return fill(s.template, { num, category: c.t.category });
  },
  exception_handling: (c, s) => fill(s.template, { category: c.t.category }),
  lambda: (c, s) => fill(s.template, { category: c.t.category }),
  decorator: (c, s) => fill(s.template, { category: c.t.category }),
};

/** location / person / material / color: one pick per item, from the same list. */
function pair(c: Ctx, s: DistractorSpec, listName: string, key: string): string {
  const a = c.r.choice(list(s, listName));
  const b = c.r.choice(list(s, listName));
  return fill(s.template, { item1: c.item1, [`${key}1`]: a, item2: c.item2, [`${key}2`]: b });
}

/**
 * The creator's first `n` instances. `counts` is its `available_distractor_counts`: each instance
 * takes `random.choice(counts)` distractors (the creators' default, `randint(1, 5)`, draws the same
 * number as choice([1, 2, 3, 4, 5])). Distractor kinds are drawn with replacement, as the creators do.
 */
export function createCounting(
  domain: CountingDomain,
  n: number,
  counts: readonly number[],
  seed = CREATOR_SEED,
): CreatedInstance[] {
  const d = data();
  const specs = d[domain].distractors;
  for (const s of specs)
    if (!DRAWS[s.kind]) throw new Error(`counting-creators.json: unknown kind ${s.kind}`);
  const r = new PyRandom(seed);
  const out: CreatedInstance[] = [];
  for (let i = 0; i < n; i++) {
    const t = r.choice(d.objectTemplates);
    const item1 = r.choice(t.items1);
    const item2 = r.choice(t.items2);
    const count = r.choice(counts);
    const c: Ctx = { r, t, item1, item2 };
    const kinds: string[] = [];
    const distractors: string[] = [];
    for (let k = 0; k < count; k++) {
      const spec = r.choice(specs);
      kinds.push(spec.kind);
      distractors.push(DRAWS[spec.kind](c, spec));
    }
    const prompt =
      [fill(d.opening, { item1, item2 }), ...distractors].join(' ') +
      fill(d.question, { category: t.category });
    out.push({
      prompt,
      answer: d.answer,
      dataset: d[domain].dataset,
      category: t.category,
      item1,
      item2,
      num_distractors: count,
      distractors,
      kinds,
    });
  }
  return out;
}

/** The creators' own default counts: randint(1, max_distractors). */
export function defaultCounts(): number[] {
  return Array.from({ length: data().maxDistractors }, (_, i) => i + 1);
}
