import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Clue, holds, type Puzzle, type Ref, type Relation } from '../../../src/tasks/zebra/model.js';
import { parsePuzzle } from '../../../src/tasks/zebra/parser.js';
import { UserError } from '../../../src/util/errors.js';

// A small puzzle in BBEH's wording with values that stress the reference reader: values inside
// other values ("tennis" / "table tennis", "orange" / "orange juice"), a value containing "and",
// names, nationalities and positions.
const HEADER = `There are 5 people next to each other in a row in positions 1, 2, 3, 4, 5 who have the following characteristics.
Everyone has a different name: Ana, Bo, Cy, Dee, Eli.
Everyone is a different nationality: Brit, Swede, Dane, Finn, Norwegian.
Everyone plays a different sport: tennis, table tennis, golf, judo, polo.
Everyone drinks a different drink: orange juice, milk, tea, water, soda.
Everyone lives in a different colored house: orange, red, blue, green, white.
Everyone owns a different handbag brand: Dolce and Gabbana, Coach, Tumi, Prada, Gucci.
Using the clues provided below, answer the question at the end.`;

const ATTR = { name: 0, nationality: 1, sport: 2, drink: 3, house: 4, bag: 5 } as const;

function withClues(clues: string[], question = 'What position is Ana at?'): Puzzle {
  const body = clues.map((c, i) => `Clue ${i + 1}: ${c}`).join('\n');
  return parsePuzzle(`${HEADER}\n${body}\n\nQuestion: ${question}`, 'test');
}

function one(clue: string): Clue {
  const p = withClues([clue]);
  assert.equal(p.clues.length, 1);
  return p.clues[0];
}

function v(attr: number, value: number): Ref {
  return { kind: 'value', alts: [{ attr, value }] };
}

describe('zebra parser: clue forms', () => {
  const cases: [string, Relation, Ref[]][] = [
    ['The Brit is the tennis player.', 'same', [v(ATTR.nationality, 0), v(ATTR.sport, 0)]],
    ['The Swede is not the table tennis player.', 'notSame', [v(ATTR.nationality, 1), v(ATTR.sport, 1)]],
    ['The person who drinks orange juice is at one of the ends.', 'end', [v(ATTR.drink, 0)]],
    [
      'The person who lives in the orange house is next to Bo.',
      'nextTo',
      [v(ATTR.house, 0), v(ATTR.name, 1)],
    ],
    [
      'Cy is immediately to the left of the person who owns a Dolce and Gabbana.',
      'leftOf',
      [v(ATTR.name, 2), v(ATTR.bag, 0)],
    ],
    ['Cy is immediately to the right of the Dane.', 'rightOf', [v(ATTR.name, 2), v(ATTR.nationality, 2)]],
    ['The golf player is somewhere to the left of Eli.', 'before', [v(ATTR.sport, 2), v(ATTR.name, 4)]],
    ['The golf player is somewhere to the right of Eli.', 'after', [v(ATTR.sport, 2), v(ATTR.name, 4)]],
    [
      'The person who owns a Dolce and Gabbana is somewhere in between the person who owns a Coach and the person who drinks milk in that order.',
      'between',
      [v(ATTR.bag, 0), v(ATTR.bag, 1), v(ATTR.drink, 1)],
    ],
    [
      'Dee is somewhere in between the person who owns a Dolce and Gabbana and the Finn.',
      'betweenAny',
      [v(ATTR.name, 3), v(ATTR.bag, 0), v(ATTR.nationality, 3)],
    ],
    [
      'The judo player is the person at the 3rd position.',
      'same',
      [v(ATTR.sport, 3), { kind: 'pos', pos: 2 }],
    ],
    ['The person at the 2nd position is not Eli.', 'notSame', [{ kind: 'pos', pos: 1 }, v(ATTR.name, 4)]],
    [
      'The polo player is immediately to the left of the person at the 5th position.',
      'leftOf',
      [v(ATTR.sport, 4), { kind: 'pos', pos: 4 }],
    ],
    ['The Finn is at the 4th position.', 'same', [v(ATTR.nationality, 3), { kind: 'pos', pos: 3 }]],
    [
      'The Finn is not next to the person who drinks tea.',
      'notNextTo',
      [v(ATTR.nationality, 3), v(ATTR.drink, 2)],
    ],
    ['The Finn is not at one of the ends.', 'notEnd', [v(ATTR.nationality, 3)]],
  ];
  for (const [text, rel, refs] of cases) {
    it(`reads "${text}"`, () => {
      const c = one(text);
      assert.equal(c.rel, rel);
      assert.deepEqual(c.refs, refs);
    });
  }

  it('reads the question and the size', () => {
    const p = withClues(['Ana is Bo.'], 'What position is the person who lives in the white house at?');
    assert.equal(p.size, 5);
    assert.equal(p.attributes.length, 6);
    assert.deepEqual(p.question, v(ATTR.house, 4));
    assert.equal(p.attributes[ATTR.house].category, 'colored house');
    assert.equal(p.attributes[ATTR.house].verb, 'lives in');
  });
});

describe('zebra relations', () => {
  it('between is strict and ordered; betweenAny accepts both orders', () => {
    assert.equal(holds('between', [2, 1, 3], 5), true);
    assert.equal(holds('between', [2, 3, 1], 5), false);
    assert.equal(holds('between', [1, 1, 3], 5), false);
    assert.equal(holds('betweenAny', [2, 3, 1], 5), true);
  });
  it('ends, adjacency and order', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((p) => holds('end', [p], 5)),
      [true, false, false, false, true],
    );
    assert.equal(holds('leftOf', [1, 2], 5), true);
    assert.equal(holds('leftOf', [2, 1], 5), false);
    assert.equal(holds('nextTo', [2, 1], 5), true);
    assert.equal(holds('before', [0, 4], 5), true);
    assert.equal(holds('after', [0, 4], 5), false);
  });
});

describe('zebra parser: errors', () => {
  it('an unknown sentence form is a UserError that quotes the clue', () => {
    const clue = 'The Brit is diagonally across from Bo.';
    assert.throws(
      () => withClues([clue]),
      (err: unknown) =>
        err instanceof UserError && err.message.includes(`"${clue}"`) && /clue 1/.test(err.message),
    );
  });
  it('a person that matches no listed value is named in the error', () => {
    assert.throws(
      () => withClues(['The person who drinks lemonade is next to Bo.']),
      (err: unknown) =>
        err instanceof UserError &&
        /no listed value fits "the person who drinks lemonade"/i.test(err.message),
    );
  });
  it('an attribute line with the wrong number of values is rejected', () => {
    const text =
      HEADER.replace('Ana, Bo, Cy, Dee, Eli', 'Ana, Bo, Cy') +
      '\nClue 1: Ana is Bo.\nQuestion: What position is Ana at?';
    assert.throws(() => parsePuzzle(text, 'bad'), /must list 5 different values/);
  });
  it('a missing question is rejected', () => {
    assert.throws(() => parsePuzzle(`${HEADER}\nClue 1: Ana is the Brit.`, 'q'), /no "Question/);
  });
  it('an unknown line after the clues is rejected', () => {
    const text = `${HEADER}\nClue 1: Ana is the Brit.\nBo likes tea.\nQuestion: What position is Ana at?`;
    assert.throws(() => parsePuzzle(text, 'x'), /line \d+: expected "Clue N/);
  });
});

describe('zebra parser: values shared by two attributes', () => {
  const header = `There are 3 people next to each other in a row in positions 1, 2, 3 who have the following characteristics.
Everyone drives a different car: Honda, Audi, Kia.
Everyone drives a different motorbike: Ducati, Honda, Yamaha.
Everyone likes a different fruit: kiwis, plums, figs.
Everyone likes a different favorite animal: kiwis, owls, bats.
Using the clues provided below, answer the question at the end.`;

  it('the wording used elsewhere in the puzzle settles which attribute is meant', () => {
    const p = parsePuzzle(
      `${header}
Clue 1: The person who eats plums is next to the person who likes owls.
Clue 2: The person who eats kiwis is at one of the ends.
Clue 3: The person who likes kiwis is the person who drives the Audi.
Question: What position is the person who likes bats at?`,
    );
    assert.deepEqual(p.clues[1].refs, [v(2, 0)]);
    assert.deepEqual(p.clues[2].refs[0], v(3, 0));
  });

  it('identical wording becomes an either-or reference', () => {
    const p = parsePuzzle(`${header}
Clue 1: The person who drives the Honda is at one of the ends.
Clue 2: The person who drives the Kia is next to the person who drives the Ducati.
Question: What position is the person who likes bats at?`);
    assert.deepEqual(p.clues[0].refs[0], {
      kind: 'value',
      alts: [
        { attr: 0, value: 0 },
        { attr: 1, value: 1 },
      ],
    });
  });

  it('an ambiguous question keeps every reading, like a clue', () => {
    const p = parsePuzzle(`${header}
Clue 1: The person who likes owls is at one of the ends.
Question: What position is the person who drives the Honda at?`);
    assert.deepEqual(p.question, {
      kind: 'value',
      alts: [
        { attr: 0, value: 0 },
        { attr: 1, value: 1 },
      ],
    });
  });
});
