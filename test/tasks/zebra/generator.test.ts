import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../../src/tasks/zebra/catalogue.js';
import { type GenerateOptions, generatePuzzle } from '../../../src/tasks/zebra/generator.js';
import { clueHolds, type Puzzle } from '../../../src/tasks/zebra/model.js';
import { parsePuzzle } from '../../../src/tasks/zebra/parser.js';
import { solvePuzzle } from '../../../src/tasks/zebra/solve.js';
import { countSolutions } from '../../../src/tasks/zebra/solver.js';

/** Generate → text → parse → solve: exactly one answer, the generator's. */
function roundTrip(opts: GenerateOptions): { parsed: Puzzle; deductions: number; guesses: number } {
  const g = generatePuzzle(opts);
  for (const c of g.puzzle.clues)
    assert.ok(clueHolds(c, g.truth, opts.size), 'every clue is true of the hidden line-up');
  const parsed = parsePuzzle(g.text, `seed ${opts.seed}`);
  assert.deepEqual(
    parsed.clues,
    g.puzzle.clues.map((c, i) => ({ ...c, label: `seed ${opts.seed}, clue ${i + 1}` })),
  );
  const r = solvePuzzle(parsed, { deductions: true });
  assert.equal(r.answer, g.answer, `seed ${opts.seed}: the solver finds the generator's answer`);
  assert.equal(r.unique, true, `seed ${opts.seed}: the answer is unique`);
  assert.equal(r.settledByReading, undefined);
  return { parsed, deductions: r.deductions ?? -1, guesses: r.guesses ?? -1 };
}

describe('zebra generator: round trip over many seeds', () => {
  for (const size of [3, 4, 5, 6, 7, 8]) {
    it(`size ${size}: 12 seeds, unique answers equal to the truth`, () => {
      for (let seed = 0; seed < 12; seed++) {
        const { guesses, deductions } = roundTrip({ size, seed: seed * 7919 + size });
        assert.equal(guesses, 0, 'the default puzzles need no guessing');
        assert.ok(deductions >= 1);
      }
    });
  }
  it('search mode (uniqueness only) and non-square grids', () => {
    for (let seed = 0; seed < 8; seed++) {
      roundTrip({ size: 6, seed, solvable: 'search', distractors: 2 });
      roundTrip({ size: 5, seed, attributes: 3, distractors: 0 });
      roundTrip({ size: 4, seed, attributes: 7, distractors: 1, solvable: 'search' });
    }
  });
  it('grid mode: the core attributes have exactly one line-up', () => {
    for (let seed = 0; seed < 6; seed++) {
      for (const solvable of ['propagation', 'search'] as const) {
        const g = generatePuzzle({ size: 5, seed, unique: 'grid', solvable, distractors: 0 });
        const { count, solutions } = countSolutions(g.puzzle, 2);
        assert.equal(count, 1);
        assert.deepEqual(solutions[0], g.truth);
        roundTrip({ size: 5, seed, unique: 'grid', solvable, distractors: 0 });
      }
    }
  });
});

describe('zebra generator: shape of the puzzles', () => {
  it('is deterministic in the seed', () => {
    const a = generatePuzzle({ size: 7, seed: 42 });
    const b = generatePuzzle({ size: 7, seed: 42 });
    const c = generatePuzzle({ size: 7, seed: 43 });
    assert.equal(a.text, b.text);
    assert.equal(a.answer, b.answer);
    assert.notEqual(a.text, c.text);
  });

  it('sizes 5-7 carry 11 distracting attributes and BBEH-like clue counts; 8 carries none', () => {
    for (const size of [5, 6, 7]) {
      const g = generatePuzzle({ size, seed: 1 });
      assert.equal(g.puzzle.attributes.length, size + 11);
      assert.equal(g.puzzle.clues.length, Math.max(g.coreClues, 10 * size + 68));
      assert.match(g.text, /Not every clue is relevant/);
    }
    const g8 = generatePuzzle({ size: 8, seed: 1 });
    assert.equal(g8.puzzle.attributes.length, 8);
    assert.equal(g8.puzzle.clues.length, g8.coreClues);
    assert.doesNotMatch(g8.text, /relevant/);
  });

  it('distracting clues never mention an attribute the answer depends on', () => {
    const g = generatePuzzle({ size: 6, seed: 5 });
    const solved = solvePuzzle(g.puzzle);
    assert.equal(solved.answer, g.answer);
    // Dropping every clue that names a distracting attribute leaves the answer proven.
    const q = g.puzzle.question.kind === 'value' ? g.puzzle.question.alts[0].attr : -1;
    const linked = new Set([q]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of g.puzzle.clues) {
        const as = c.refs.flatMap((r) => (r.kind === 'value' ? r.alts.map((x) => x.attr) : []));
        if (as.some((a) => linked.has(a)) && as.some((a) => !linked.has(a))) {
          for (const a of as) linked.add(a);
          grew = true;
        }
      }
    }
    assert.ok(linked.size <= 6, 'the question is linked to core attributes only');
    assert.equal(g.coreClues < g.puzzle.clues.length, true);
  });

  it('writes numbered clues and a final question', () => {
    const g = generatePuzzle({ size: 5, seed: 9 });
    const lines = g.text.split('\n');
    assert.match(lines[0], /^There are 5 people/);
    assert.match(lines.at(-1) ?? '', /^Question: What position is .+ at\?$/);
    const numbers = lines
      .filter((l) => l.startsWith('Clue '))
      .map((l) => Number(/^Clue (\d+):/.exec(l)?.[1]));
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
    );
  });

  it('rejects impossible sizes', () => {
    assert.throws(() => generatePuzzle({ size: 2, seed: 1 }), RangeError);
    assert.throws(() => generatePuzzle({ size: 8, seed: 1, attributes: 20, distractors: 5 }), RangeError);
  });
});

describe('zebra catalogue', () => {
  it('every value is distinct across the catalogue and every category has 12 values', () => {
    const seen = new Map<string, string>();
    for (const c of CATALOGUE) {
      assert.equal(new Set(c.values).size, c.values.length, c.category);
      assert.ok(c.values.length >= 12, c.category);
      assert.ok(c.phrase.includes('{v}'));
      for (const v of c.values) {
        const k = v.toLowerCase();
        assert.equal(seen.get(k), undefined, `"${v}" appears in ${seen.get(k)} and ${c.category}`);
        seen.set(k, c.category);
      }
    }
  });
});
