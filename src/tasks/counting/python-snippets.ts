import type { Rng } from '../../util/rng.js';
import type { Scenario } from './objects.js';

/**
 * Python snippets that mention the counted things by name, so they look relevant, but only ever
 * describe someone else's code: none of them says how many things you have. Each snippet is valid
 * Python 3 (checked while writing them with `python3 -c 'import ast; ast.parse(...)'`).
 */
export type SnippetKind =
  | 'comprehension'
  | 'loop'
  | 'lambda'
  | 'decorator'
  | 'factorial'
  | 'gcd'
  | 'generator'
  | 'dict'
  | 'recursion'
  | 'slicing';

export const SNIPPET_KINDS: readonly SnippetKind[] = [
  'comprehension',
  'loop',
  'lambda',
  'decorator',
  'factorial',
  'gcd',
  'generator',
  'dict',
  'recursion',
  'slicing',
];

interface Ctx {
  rng: Rng;
  /** Identifier-safe forms: `apple`, `tennis_ball`, and the category `fruits`. */
  names: string[];
  plural: string;
}

type Code = string;
const ident = (s: string) => s.replace(/[^a-z]+/g, '_');
const pyList = (xs: string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

const SNIPPETS: Record<SnippetKind, readonly ((c: Ctx) => Code)[]> = {
  comprehension: [
    (c) =>
      `${c.plural} = [i * ${c.rng.int(2, 9)} for i in range(${c.rng.int(3, 12)}) if i % ${c.rng.int(2, 4)} == 0]`,
    (c) => `sizes = {name: len(name) * ${c.rng.int(2, 7)} for name in ${pyList(c.names)}}`,
  ],
  loop: [
    (c) => {
      const v = c.rng.pick(c.names);
      return `total = 0\nfor ${v} in range(1, ${c.rng.int(4, 15)}):\n    total += ${v} % ${c.rng.int(2, 6)}\nprint(total)`;
    },
    (c) => `n = ${c.rng.int(20, 90)}\nwhile n > ${c.rng.int(2, 9)}:\n    n //= 2\nprint("${c.plural}:", n)`,
  ],
  lambda: [
    (c) =>
      `count_${c.plural} = lambda k: k * ${c.rng.int(2, 9)} + ${c.rng.int(1, 9)}\nprint(count_${c.plural}(${c.rng.int(2, 9)}))`,
    (c) => `print(sorted(${pyList(c.names)}, key=lambda s: -len(s) * ${c.rng.int(2, 5)}))`,
  ],
  decorator: [
    (c) =>
      `from functools import lru_cache\n\n@lru_cache(maxsize=${c.rng.int(8, 256)})\ndef ${c.plural}(n):\n    return n if n < 2 else ${c.plural}(n - 1) + ${c.plural}(n - 2)\n\nprint(${c.plural}(${c.rng.int(6, 20)}))`,
    (c) =>
      `def doubled(f):\n    return lambda *a: 2 * f(*a)\n\n@doubled\ndef how_many_${c.plural}(x):\n    return x + ${c.rng.int(1, 9)}\n\nprint(how_many_${c.plural}(${c.rng.int(2, 9)}))`,
  ],
  factorial: [
    (c) => `import math\nprint(math.factorial(${c.rng.int(4, 9)}) // math.factorial(${c.rng.int(2, 3)}))`,
    (c) => `from math import factorial\n${c.rng.pick(c.names)}_orders = factorial(${c.rng.int(3, 7)})`,
  ],
  gcd: [
    (c) => `import math\nprint(math.gcd(${c.rng.int(12, 96)}, ${c.rng.int(12, 96)}))`,
    (c) =>
      `from math import gcd, lcm\n${c.plural}_per_box = gcd(${c.rng.int(10, 60)}, ${c.rng.int(10, 60)}) + lcm(${c.rng.int(2, 9)}, ${c.rng.int(2, 9)})`,
  ],
  generator: [
    (c) => `print(sum(x ** 2 for x in range(${c.rng.int(3, 9)})))`,
    (c) => `print(sum(1 for _ in ${pyList(c.names)} * ${c.rng.int(3, 9)}))`,
  ],
  dict: [
    (c) => `prices = dict(zip(${pyList(c.names)}, [${c.names.map(() => c.rng.int(1, 40)).join(', ')}]))`,
    (c) =>
      `stock = {${c.names.map((n) => `"${n}": ${c.rng.int(4, 60)}`).join(', ')}}  # a shop's stock, not yours`,
  ],
  recursion: [
    (c) =>
      `def steps(n):\n    return 0 if n == 1 else 1 + steps(n // 2 if n % 2 == 0 else 3 * n + 1)\n\nprint(steps(${c.rng.int(6, 40)}))`,
    (c) =>
      `def power_set_size(items):\n    return 1 if not items else 2 * power_set_size(items[1:])\n\nprint(power_set_size(${pyList(c.names)}))`,
  ],
  slicing: [
    (c) =>
      `${c.plural} = list(range(${c.rng.int(10, 40)}))[${c.rng.int(1, 5)}::${c.rng.int(2, 4)}]\nprint(len(${c.plural}))`,
    (c) => `print(${pyList(c.names)}[::-1] * ${c.rng.int(2, 5)})`,
  ],
};

// Who wrote the code. Distinct within one question, so there are at least as many as snippet kinds.
const FRAMES = [
  'A friend learning Python shows you this:',
  'Someone scribbled this code on your receipt:',
  "Your cousin's homework contains the following:",
  'A poster at the bus stop shows:',
  'A colleague pastes this into the team chat:',
  'The back of a cereal box has a puzzle:',
  'Your neighbour asks what this prints:',
  'A website you visited earlier showed:',
  'A notebook on the table is open at this page:',
  'A stranger on the train is debugging this:',
];

/** `n` snippets of distinct kinds, each in a short framing sentence and a fenced code block. */
export function pythonDistractors(
  rng: Rng,
  s: Scenario,
  n: number,
): { kinds: SnippetKind[]; blocks: string[] } {
  if (n > SNIPPET_KINDS.length) throw new Error(`at most ${SNIPPET_KINDS.length} snippets`);
  const kinds = rng.sample(SNIPPET_KINDS, n);
  const c: Ctx = { rng, names: s.things.map((x) => ident(x.noun)), plural: ident(s.category.plural) };
  const frames = rng.sample(FRAMES, n);
  const blocks = kinds.map((k, i) => `${frames[i]}\n\`\`\`python\n${rng.pick(SNIPPETS[k])(c)}\n\`\`\``);
  return { kinds, blocks };
}
