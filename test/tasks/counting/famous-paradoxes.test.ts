import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { famousParadoxes } from '../../../src/tasks/counting/famous-paradoxes.js';
import type { Item } from '../../../src/tasks/types.js';
import { strataCounts } from './check.js';

async function load(options: Record<string, unknown>, seed = 1): Promise<Item[]> {
  return famousParadoxes.load(famousParadoxes.options.parse(options), { seed, baseDir: '.' });
}

/** Read the numbers back out of the prompt text and compute the answer our own way. */
function solve(paradox: string, p: string): number {
  const num = (re: RegExp): number => {
    const m = re.exec(p);
    if (!m) throw new Error(`${paradox}: ${re} not found in: ${p}`);
    return m[1] === 'once' ? 1 : Number(m[1].replace(/,/g, ''));
  };
  switch (paradox) {
    case 'birthday':
      return num(/There are (\d+) people in a room/) - num(/Then (\d+) of them leave/);
    case 'monty-hall':
      return num(/the car behind door (\d+)/);
    case 'sleeping-beauty':
      return /already landed heads/.test(p)
        ? num(/woken (\d+|once) times? if it lands heads/)
        : num(/and (\d+) times if it lands tails/);
    case 'newcomb':
      return num(/box A holds \$(\d+)/) + num(/box B holds \$(\d+)/);
    case 'two-envelopes':
      return num(/find \$(\d+)\. You then/) + num(/other and find \$(\d+)/);
    case 'zeno':
      return num(/tortoise over (\d+) metres/);
    case 'ship-of-theseus':
      return num(/built from (\d+) planks/);
    case 'barber':
      return num(/A village has (\d+) residents/);
    case 'gamblers-fallacy':
      return num(/landed heads (\d+) times in a row/) + num(/lands heads (\d+) more times?/);
    case 'boy-or-girl':
      return num(/has (\d+) children/);
    case 'bertrand-box':
      return 2 * num(/There are (\d+) boxes, each holding exactly two coins/);
    case 'st-petersburg':
      return num(/You have \$(\d+) in your wallet/) - num(/entry fee is \$(\d+)/);
    case 'prisoners-dilemma':
      return num(/both stay silent, each serves (\d+) years?/);
    default:
      throw new Error(`no independent solver for ${paradox}`);
  }
}

describe('famous-paradoxes', () => {
  it('defaults to 812 items over 0, 1, 3, 5 and 7 distractors', async () => {
    const items = await load({});
    assert.equal(items.length, 812);
    assert.deepEqual(strataCounts(items), { 0: 163, 1: 163, 3: 162, 5: 162, 7: 162 });
    assert.equal(new Set(items.map((x) => x.prompt)).size, 812);
    assert.equal(items[811].itemId, 'fp-0812');
  });

  it('every answer matches an independent solution read from the prompt', async () => {
    const seen = new Set<string>();
    for (const seed of [1, 2, 3]) {
      for (const it of await load({}, seed)) {
        assert.equal(it.target.kind, 'number');
        if (it.target.kind !== 'number') continue;
        const paradox = String(it.meta?.paradox);
        seen.add(paradox);
        assert.equal(it.target.value, solve(paradox, it.prompt), it.prompt);
        assert.ok(Number.isInteger(it.target.value) && it.target.value > 0, it.prompt);
        // Setup sentence(s), one sentence per distractor, then the question.
        assert.ok(it.prompt.trim().endsWith('?'), it.prompt);
      }
    }
    for (const p of ['birthday', 'monty-hall', 'sleeping-beauty', 'newcomb', 'two-envelopes'])
      assert.ok(seen.has(p), p);
  });

  it('adds exactly num_distractors sentences to the bare question', async () => {
    // The bare (0-distractor) question is the setup plus the question; count sentences by ". " ends
    // after stripping digits with commas and decimal points, which never end a sentence.
    const sentences = (p: string) =>
      p
        .replace(/\d[.,]\d/g, '0')
        .replace(/Mr\. |St\. /g, 'X ')
        .split(/[.?] /).length;
    const items = await load({ n: 300 }, 9);
    const base = new Map<string, number>();
    for (const it of items.filter((x) => x.strata.num_distractors === 0))
      base.set(String(it.meta?.paradox), sentences(it.prompt));
    for (const it of items) {
      const b = base.get(String(it.meta?.paradox));
      if (b === undefined) continue;
      assert.equal(sentences(it.prompt) - b, it.strata.num_distractors, it.prompt);
    }
  });

  it('is byte-identical for the same seed and different for another seed', async () => {
    const a = JSON.stringify(await load({ n: 100 }, 5));
    assert.equal(JSON.stringify(await load({ n: 100 }, 5)), a);
    assert.notEqual(JSON.stringify(await load({ n: 100 }, 6)), a);
  });
});
