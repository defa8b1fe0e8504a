import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE, SHARED_PAIRS } from '../../../src/tasks/zebra/catalogue.js';
import { type GenerateOptions, generatePuzzle } from '../../../src/tasks/zebra/generator.js';
import { clueHolds, type Puzzle } from '../../../src/tasks/zebra/model.js';
import { parsePuzzle } from '../../../src/tasks/zebra/parser.js';
import { solvePuzzle } from '../../../src/tasks/zebra/solve.js';
import { countSolutions } from '../../../src/tasks/zebra/solver.js';
import { asWritten } from '../../../src/tasks/zebra/writer.js';

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
  assert.equal(r.status, 'unique', `seed ${opts.seed}: the answer is unique, nothing is ambiguous`);
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

describe('zebra generator: values shared across attributes', () => {
  /** Generate → text → parse → solve, for a puzzle whose text may be read more than one way. */
  function sharedTrip(opts: GenerateOptions): { status: string; askedShared: boolean } {
    const g = generatePuzzle(opts);
    const where = `size ${opts.size}, shared ${opts.shared}, seed ${opts.seed}`;
    for (const c of g.puzzle.clues) assert.ok(clueHolds(c, g.truth, opts.size), `${where}: a clue is false`);
    // The intended reading alone has the generator's answer.
    assert.equal(solvePuzzle(g.puzzle).answer, g.answer, where);
    // The text reads as the generator says it does: shared wording is either attribute.
    const parsed = parsePuzzle(g.text, where);
    const written = asWritten(g.puzzle);
    assert.deepEqual(
      parsed.clues.map((c) => c.refs),
      written.clues.map((c) => c.refs),
      where,
    );
    assert.deepEqual(parsed.question, written.question, where);
    // Each pair lists one value in two attribute lines, worded alike in the clues.
    const listed = new Map<string, number>();
    for (const a of parsed.attributes) for (const v of a.values) listed.set(v, (listed.get(v) ?? 0) + 1);
    assert.equal([...listed.values()].filter((x) => x === 2).length, opts.shared, where);
    // Every reading that fixes the answer gives the generator's (the answers are exact uncounted).
    const r = solvePuzzle(parsed, { countRuns: 0 });
    assert.equal(r.answer, g.answer, `${where}: ${r.status} ${r.answers}`);
    assert.ok(r.status === 'unique' || r.status === 'agreed', `${where}: ${r.status}`);
    assert.deepEqual(r.answers, [g.answer], where);
    return {
      status: r.status,
      askedShared: parsed.question.kind === 'value' && parsed.question.alts.length > 1,
    };
  }

  it('sizes 3-8, one to three pairs, many seeds: the solver finds the intended answer', () => {
    const seen = { agreed: 0, unique: 0, askedShared: 0, total: 0 };
    for (const size of [3, 4, 5, 6, 7, 8]) {
      for (let shared = 1; shared <= Math.min(3, Math.floor(size / 2) + (size >= 5 ? 3 : 0)); shared++) {
        if (2 * shared > size + (size >= 5 && size <= 7 ? 11 : 0)) continue;
        for (let seed = 0; seed < 5; seed++) {
          const t = sharedTrip({ size, seed: seed * 31 + size, shared });
          seen.total++;
          if (t.status === 'agreed') seen.agreed++;
          else seen.unique++;
          if (t.askedShared) seen.askedShared++;
        }
      }
    }
    // The ambiguity reaches the answer in most puzzles, and half ask about a shared value.
    assert.ok(seen.total >= 70, `${seen.total} puzzles`);
    assert.ok(seen.agreed > seen.total / 2, `${seen.agreed} of ${seen.total} settled across readings`);
    assert.ok(
      seen.askedShared > seen.total / 4,
      `${seen.askedShared} of ${seen.total} ask about a shared value`,
    );
  });

  it('search mode, grid mode and other attribute counts also hold for every reading', () => {
    for (let seed = 0; seed < 4; seed++) {
      sharedTrip({ size: 6, seed, shared: 2, solvable: 'search', distractors: 2 });
      sharedTrip({ size: 5, seed, shared: 1, unique: 'grid', distractors: 0 });
      sharedTrip({ size: 5, seed, shared: 2, attributes: 3, distractors: 2 });
    }
  });

  it('is deterministic in the seed, and rejects impossible pairings', () => {
    assert.equal(
      generatePuzzle({ size: 6, seed: 8, shared: 2 }).text,
      generatePuzzle({ size: 6, seed: 8, shared: 2 }).text,
    );
    assert.throws(() => generatePuzzle({ size: 3, seed: 1, shared: 2 }), /shared must be/);
    assert.throws(() => generatePuzzle({ size: 8, seed: 1, shared: 4 }), /shared must be/);
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
  it('shared pairs word their members alike, and share only their common values', () => {
    const catalogue = new Set(CATALOGUE.flatMap((c) => c.values.map((v) => v.toLowerCase())));
    const categories = new Set(CATALOGUE.map((c) => c.category));
    const seen = new Set<string>();
    for (const pair of SHARED_PAIRS) {
      const [a, b] = pair.members;
      assert.equal(a.phrase, b.phrase, `${a.category} and ${b.category} are worded alike`);
      assert.ok(pair.common.length >= 1);
      for (const e of pair.members) {
        assert.ok(e.values.length >= 11, e.category);
        assert.ok(!categories.has(e.category), `${e.category} is also a catalogue category`);
      }
      for (const v of [...pair.common, ...a.values, ...b.values]) {
        const k = v.toLowerCase();
        assert.ok(!catalogue.has(k), `"${v}" is also in the catalogue`);
        assert.ok(!seen.has(k), `"${v}" appears twice among the shared pairs`);
        seen.add(k);
      }
    }
  });

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
