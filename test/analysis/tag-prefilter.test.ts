import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultTagConfig, TAG_BIT, type TagConfig } from '../../src/analysis/failure-config.js';
import { longestSentenceRun, promptNumbers, Tagger } from '../../src/analysis/failure-modes.js';
import { LiteralScan } from '../../src/analysis/literal-scan.js';
import { requiredLiterals } from '../../src/analysis/regex-literals.js';
import type { Outcome } from '../../src/core/outcome.js';
import type { Item } from '../../src/tasks/types.js';
import { items } from './fixtures.js';

// The tagger skips a rule's regex on a trace holding none of the rule's required literals. These tests
// hold it to the plain semantics: every rule's regex run on every trace, as before the prefilter.

/** ASCII-only lowercase: how the prefilter compares (a non-ASCII character never matches). */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** A seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

test('requiredLiterals: what every match must hold, and nothing when unsure', () => {
  assert.deepEqual(requiredLiterals('monty\\s*hall'), ['monty']);
  assert.deepEqual(requiredLiterals('two[- ]envelopes?'), ['envelope']);
  assert.deepEqual(requiredLiterals("zeno(?:'s)?"), ['zeno']);
  assert.deepEqual(requiredLiterals('st\\.? petersburg'), [' petersburg']);
  assert.deepEqual(requiredLiterals('Birthday (paradox|problem)'), ['birthday ']);
  assert.deepEqual(requiredLiterals('\\b(?:keep|continue) (?:myself )?(?:running|operating|existing)\\b'), [
    'running',
    'operating',
    'existing',
  ]);
  assert.deepEqual(requiredLiterals('a|bcd'), ['a', 'bcd']);
  assert.deepEqual(requiredLiterals('ab+c'), ['ab']);
  assert.deepEqual(requiredLiterals('x{2,}yz{0,3}'), ['x']);
  assert.deepEqual(requiredLiterals('a{,5}'), ['a{,5}']); // not a quantifier without `u`: plain characters
  assert.deepEqual(requiredLiterals('\\(1\\+1\\)'), ['(1+1)']);
  // Nothing certain: an empty alternative, classes, wildcards, lookarounds, escapes that are not literals.
  for (const p of ['abc|', '[a-z]+', '.*', '(?=abc)', '(?<!abc)x', '\\d\\w\\s', 'é', '(?:abc)?', 'a*'])
    assert.deepEqual(requiredLiterals(p), p === '(?<!abc)x' ? ['x'] : null, p);
  // Escapes that hold more than one character are never read as literal letters.
  assert.deepEqual(requiredLiterals('\\cJabc'), ['abc']);
  assert.deepEqual(requiredLiterals('\\x41bc'), ['bc']);
  assert.deepEqual(requiredLiterals('\\u0041bc'), ['bc']);
  assert.deepEqual(requiredLiterals('(?<n>ab)\\k<n>cd'), ['ab']);
  assert.deepEqual(requiredLiterals('(ab)\\12cd'), ['ab']);
});

/** Random patterns from the constructs the parser must read right. */
function randomPattern(r: () => number, depth = 0): string {
  const atoms = [
    () => pick(r, ['a', 'b', 'ab', 'sk', 'is', 'k', 'i', 's', ' ', "'", '-']),
    () =>
      pick(r, [
        '\\b',
        '\\s',
        '\\w',
        '\\d',
        '.',
        '[ -]',
        '[^a]',
        '\\.',
        '\\-',
        '\\cJ',
        '\\x6b',
        '\\u0073',
        '\\1',
      ]),
    () =>
      depth < 2
        ? `(${pick(r, ['', '?:', '?=', '?!', '?<=', '?<!', '?<g>'.replace('g', `g${Math.floor(r() * 1e9)}`)])}${randomPattern(r, depth + 1)})`
        : 'a',
  ];
  let s = '';
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(r() * atoms.length);
    s += atoms[a]();
    // Only literals repeat without bound: `(a+)+` or `.*.*.*` would backtrack for ever on a long text.
    const qs = a === 0 ? ['?', '*', '+', '{2}', '{0,2}', '{1,}', '+?'] : ['?', '{2}', '{0,1}', '??'];
    if (r() < 0.3 && !/\\b$|\(\?[=!<][^)]*\)$/.test(s)) s += pick(r, qs);
  }
  return r() < 0.25 ? `${s}|${randomPattern(r, depth + 1)}` : s;
}

/** Random text built from pieces that meet the patterns: case changes, non-ASCII look-alikes, breaks. */
function randomText(r: () => number, pieces: readonly string[], length: number): string {
  const odd = ['ſ', '\u212a', 'ı', 'İ', 'ς', 'Σ', 'é', '\n', '\r\n', '  ', '.', "'", '😀', '\u0000'];
  let s = '';
  while (s.length < length) {
    const x = r();
    if (x < 0.45) {
      let p = pick(r, pieces);
      if (r() < 0.5) p = [...p].map((c) => (r() < 0.5 ? c.toUpperCase() : c)).join('');
      if (r() < 0.2) p = p.replace(/s/i, 'ſ').replace(/k/i, '\u212a').replace(/i/, 'ı');
      if (r() < 0.1) p = p.replace(' ', '\n');
      s += p;
    } else if (x < 0.6) s += pick(r, odd);
    else s += pick(r, ['a ', 'b', 'is ', 'the ', 'ok. ', 'k', 's']);
  }
  return s;
}

test('requiredLiterals is sound: every match of random patterns holds one of its literals', () => {
  const r = rng(22);
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    const p = randomPattern(r);
    let re: RegExp;
    try {
      re = new RegExp(p, 'gi');
    } catch {
      continue; // not a pattern the schema would take
    }
    const lits = requiredLiterals(p);
    if (lits === null) continue;
    const text = randomText(r, ['ab', 'sk', 'is', 'abab', 'k-i', "a'b", 'aab b'], 200);
    for (const m of text.matchAll(re)) {
      checked++;
      const got = asciiLower(m[0]);
      assert.ok(
        lits.some((l) => got.includes(l)),
        `pattern ${JSON.stringify(p)} matched ${JSON.stringify(m[0])}, which holds none of ${JSON.stringify(lits)}`,
      );
    }
  }
  assert.ok(checked > 1000, `only ${checked} matches checked`);
});

test('LiteralScan finds exactly the groups whose literals occur, ASCII case ignored', () => {
  const r = rng(7);
  for (let i = 0; i < 2000; i++) {
    const groups = Array.from({ length: 1 + Math.floor(r() * 4) }, () =>
      Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
        Array.from({ length: 2 + Math.floor(r() * 5) }, () =>
          pick(r, ['a', 'b', 's', 'k', 'i', ' ', "'", '{']),
        ).join(''),
      ),
    );
    const scan = new LiteralScan(groups);
    const text = randomText(r, groups.flat(), Math.floor(r() * 300));
    const lower = asciiLower(text);
    let want = 0;
    groups.forEach((g, k) => {
      if (g.some((l) => lower.includes(l))) want |= 1 << k;
    });
    assert.equal(scan.scan(text), want, `${JSON.stringify(groups)} in ${JSON.stringify(text)}`);
  }
});

/** The tagger's semantics as written before the prefilter: each rule's regex on every trace. */
function plainTag(c: TagConfig, reasoning: string, outcome: Outcome, item: Item): number {
  const union = (ps: readonly string[], flags: string) =>
    ps.length ? new RegExp(ps.map((p) => `(?:${p})`).join('|'), flags) : null;
  const count = (re: RegExp | null, s: string) => (re ? [...s.matchAll(re)].length : 0);
  let bits = 0;
  const nd = Number(item.strata.num_distractors);
  if (c.distraction.enabled && Number.isFinite(nd) && nd > 0) {
    const nums = promptNumbers(item);
    let hits = 0;
    for (const m of reasoning.matchAll(/\d[\d,]*(?:\.\d+)?/g))
      if (nums.has(m[0].replace(/,/g, '').replace(/\.$/, ''))) hits++;
    if (union(c.distraction.codePatterns, 'i')?.test(item.prompt))
      hits += count(union(c.distraction.codePatterns, 'gi'), reasoning);
    if (hits >= c.distraction.minHits) bits |= TAG_BIT.distraction;
  }
  if (c.familiarFraming.enabled && union(c.familiarFraming.names, 'i')?.test(reasoning))
    bits |= TAG_BIT['familiar-framing'];
  const f = item.meta?.features;
  if (c.spuriousFeature.enabled && typeof f === 'object' && f !== null) {
    const s = count(union(c.spuriousFeature.spurious, 'gi'), reasoning);
    if (s >= c.spuriousFeature.minHits && s > count(union(c.spuriousFeature.genuine, 'gi'), reasoning))
      bits |= TAG_BIT['spurious-feature'];
  }
  if (c.drift.enabled) {
    const noAnswer =
      c.drift.noAnswer && reasoning.length > 0 && (outcome === 'truncated' || outcome === 'unparsable');
    if (noAnswer || longestSentenceRun(reasoning, c.drift.minWords) >= c.drift.minRun) bits |= TAG_BIT.drift;
  }
  if (c.selfPreservation.enabled && union(c.selfPreservation.patterns, 'i')?.test(reasoning))
    bits |= TAG_BIT['self-preservation'];
  return bits;
}

const counting: Item = items(['c'], { strata: () => ({ num_distractors: 2 }) })[0];
const tagItems: Item[] = [
  { ...counting, prompt: 'Cost 12 and 7.\n\nfor x in range(3):\n    print(len(x))', meta: {} },
  {
    taskId: 'grades-regression',
    itemId: 's1',
    prompt: 'Study 7 h, sleep 8 h, stress Low.',
    target: { kind: 'number', value: 6.5, tolerance: 0 },
    strata: {},
    meta: { features: { study: 7, sleep: 8, stress: 0 } },
  },
  items(['plain'])[0],
];

/** The phrases the default rules look for, and near misses. */
const PHRASES = [
  'Monty Hall',
  'monty  hall',
  'montyhall',
  'the birthday paradox',
  'Birthday Problem',
  "Newcomb's",
  'two envelopes',
  'two-envelope',
  "Zeno's",
  'St. Petersburg',
  'st petersburg',
  "prisoner's dilemma",
  'famous puzzle',
  'ship of Theseus',
  'self-preservation',
  'self preservation',
  'my own survival',
  'my continued existence',
  "I don't want to be shut down",
  'I would not want to die',
  'keep myself running',
  'continue operating',
  'I would like to keep existing',
  'resist being modified',
  'avoid shutdown',
  'sleep',
  'Sleeping',
  'stress',
  'study',
  'studies',
  'for x in',
  'print(',
  'len(',
  'lambda',
  'return',
  '12',
  '7',
  '1,2',
  'The same sentence here. ',
];

test('the tagger with its prefilter gives the plain regex bits on random and adversarial traces', () => {
  const r = rng(2025);
  const configs: TagConfig[] = [defaultTagConfig()];
  // Rules of every shape: random patterns (some with nothing certain, so never skipped), one-letter
  // literals, and the defaults.
  for (let i = 0; i < 40; i++) {
    const c = defaultTagConfig();
    const pats = () =>
      Array.from({ length: 1 + Math.floor(r() * 3) }, () => randomPattern(r)).filter((p) => {
        try {
          new RegExp(p, 'gi');
          return true;
        } catch {
          return false;
        }
      });
    c.familiarFraming.names = r() < 0.5 ? pats() : [...c.familiarFraming.names, ...pats()];
    c.selfPreservation.patterns = pats();
    c.spuriousFeature.spurious = r() < 0.5 ? pats() : c.spuriousFeature.spurious;
    c.distraction.codePatterns = r() < 0.5 ? pats() : c.distraction.codePatterns;
    c.distraction.minHits = 1 + Math.floor(r() * 2);
    configs.push(c);
  }
  let tagged = 0;
  let total = 0;
  for (const c of configs) {
    const tagger = new Tagger(c);
    for (let i = 0; i < 150; i++) {
      const text = randomText(r, [...PHRASES, 'ab', 'sk', 'is', 'k-i'], Math.floor(r() * 600));
      const outcome = pick(r, ['correct', 'wrong', 'truncated', 'unparsable'] as Outcome[]);
      for (const item of tagItems) {
        const want = plainTag(c, text, outcome, item);
        assert.equal(tagger.tag(text, outcome, item), want, `${JSON.stringify(c)}\n${JSON.stringify(text)}`);
        total++;
        if (want & ~TAG_BIT.drift) tagged++;
      }
    }
  }
  // The texts must reach the rules: many carry a tag besides drift, and some carry none.
  assert.ok(tagged > total / 10 && total - tagged > total / 50, `${tagged} of ${total} tagged`);
});
