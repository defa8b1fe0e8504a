import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Attribute, type Clue, type Puzzle, posRef, valueRef } from '../../../src/tasks/zebra/model.js';
import { solvePuzzle } from '../../../src/tasks/zebra/solve.js';
import { countSolutions } from '../../../src/tasks/zebra/solver.js';

const attrs = (m: number, n: number): Attribute[] =>
  Array.from({ length: m }, (_, a) => ({
    category: `c${a}`,
    verb: 'has',
    values: Array.from({ length: n }, (_, v) => `v${a}_${v}`),
  }));

function puzzle(n: number, m: number, clues: Clue[], q = valueRef(0, 0)): Puzzle {
  return { size: n, attributes: attrs(m, n), clues, question: q };
}

describe('zebra solver', () => {
  it('counts solutions and stops at the limit', () => {
    // One attribute of 3 values and no clues: 3! = 6 line-ups.
    assert.equal(countSolutions(puzzle(3, 1, []), 2).count, 2);
    assert.equal(countSolutions(puzzle(3, 1, []), 10).count, 6);
    const fixed = puzzle(3, 1, [
      { rel: 'same', refs: [valueRef(0, 0), posRef(0)] },
      { rel: 'leftOf', refs: [valueRef(0, 2), valueRef(0, 1)] },
    ]);
    const r = countSolutions(fixed, 2);
    assert.equal(r.count, 1);
    assert.deepEqual(r.solutions[0], [[0, 2, 1]]);
  });

  it('answers with a proof of uniqueness, and finds a second answer when there is one', () => {
    const clues: Clue[] = [{ rel: 'end', refs: [valueRef(0, 0)] }];
    const open = solvePuzzle(puzzle(3, 1, clues));
    assert.equal(open.status, 'open');
    assert.equal(open.answer, null);
    assert.deepEqual(open.answers, [1, 3]);
    const closed = solvePuzzle(
      puzzle(3, 1, [...clues, { rel: 'before', refs: [valueRef(0, 1), valueRef(0, 0)] }]),
    );
    assert.equal(closed.answer, 3);
    assert.equal(closed.status, 'unique');
  });

  it('reports no solution for contradictory clues', () => {
    const r = solvePuzzle(
      puzzle(3, 2, [
        { rel: 'same', refs: [valueRef(0, 0), valueRef(1, 0)] },
        { rel: 'nextTo', refs: [valueRef(0, 0), valueRef(1, 0)] },
      ]),
    );
    assert.equal(r.answer, null);
    assert.equal(r.status, 'inconsistent');
  });

  it('a clue naming only positions is checked as a fact', () => {
    const bad = puzzle(3, 1, [{ rel: 'same', refs: [posRef(0), posRef(1)] }]);
    assert.equal(solvePuzzle(bad).status, 'inconsistent');
  });

  it('clues about an unconnected attribute do not affect the answer', () => {
    const core: Clue[] = [
      { rel: 'same', refs: [valueRef(0, 0), posRef(1)] },
      { rel: 'end', refs: [valueRef(1, 2)] },
    ];
    const r = solvePuzzle(puzzle(4, 2, core), { deductions: true });
    assert.equal(r.answer, 2);
    assert.equal(r.status, 'unique');
    assert.equal(r.guesses, 0);
    // The attribute-1 clue is in another component, so it is not counted as a deduction.
    assert.equal(r.deductions, 1);
  });

  it('deductions grow with the chain of reasoning, and stalls are settled by refutation', () => {
    const chain = (k: number): Clue[] => [
      { rel: 'same', refs: [valueRef(0, k), posRef(0)] },
      ...Array.from(
        { length: k },
        (_, i): Clue => ({ rel: 'leftOf', refs: [valueRef(0, k - i), valueRef(0, k - i - 1)] }),
      ),
    ];
    const short = solvePuzzle(puzzle(5, 1, chain(1)), { deductions: true });
    const long = solvePuzzle(puzzle(5, 1, chain(4)), { deductions: true });
    assert.equal(short.answer, 2);
    assert.equal(long.answer, 5);
    assert.ok((long.deductions ?? 0) > (short.deductions ?? 0));
    assert.equal(long.guesses, 0);
  });
});

describe('zebra ambiguous wording', () => {
  // Attribute 0 and 1 both contain a value written alike (value 0 of each). Each mention of it may
  // be either; the readings under which the answer is fixed settle it (see readings.test.ts).
  const amb = {
    kind: 'value' as const,
    alts: [
      { attr: 0, value: 0 },
      { attr: 1, value: 0 },
    ],
  };

  it('a reading whose clues contradict is dropped', () => {
    const p = puzzle(
      3,
      2,
      [
        { rel: 'same', refs: [amb, posRef(0)] },
        { rel: 'same', refs: [valueRef(0, 0), posRef(2)] },
      ],
      valueRef(1, 0),
    );
    // Attribute 0's value sits at 3, so the ambiguous clue must mean attribute 1: answer 1.
    const r = solvePuzzle(p);
    assert.equal(r.status, 'agreed');
    assert.equal(r.answer, 1);
    assert.deepEqual(r.readings.surviving, [{ answer: 1, readings: 1 }]);
    assert.equal(r.readings.open, 0);
  });

  it('readings that leave the answer open are set aside when the others agree', () => {
    // Reading A (attr 0): says nothing about the asked person, whose answer stays open.
    // Reading B (attr 1): puts the asked person at 1.
    const p = puzzle(3, 2, [{ rel: 'same', refs: [amb, posRef(0)] }], valueRef(1, 0));
    assert.equal(countSolutions(p, 2).count, 2);
    const r = solvePuzzle(p);
    assert.equal(r.status, 'agreed');
    assert.equal(r.answer, 1);
    assert.deepEqual(r.readings.surviving, [{ answer: 1, readings: 1 }]);
    assert.equal(r.readings.open, 1);
    assert.equal(r.readings.total, 2);
  });

  it('clues unconnected to the question are not counted as readings', () => {
    // Attributes 0 and 1 are ambiguous among themselves; the question is about attribute 2 alone.
    const p = puzzle(
      3,
      3,
      [
        { rel: 'same', refs: [amb, posRef(0)] },
        { rel: 'same', refs: [valueRef(2, 1), posRef(1)] },
      ],
      valueRef(2, 1),
    );
    const r = solvePuzzle(p);
    assert.equal(r.status, 'unique');
    assert.equal(r.answer, 2);
    assert.equal(r.readings.total, 1);
    assert.deepEqual(
      r.readings.values.map((v) => v.mentions),
      [1],
    );
  });
});
