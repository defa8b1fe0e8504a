import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { solveFile } from '../../../src/cli/zebra.js';
import { bundledBbehPath, readBbehFile } from '../../../src/tasks/zebra/bbeh-file.js';
import { parsePuzzle } from '../../../src/tasks/zebra/parser.js';
import { solvePuzzle } from '../../../src/tasks/zebra/solve.js';
import { runCli } from '../../helpers/cli.js';

/** sha256 of BBEH's dev half as the project received it (data/bbeh-zebra/README.md): the vendored file is unchanged. */
const DEV_SHA256 = 'deb88a9e73eddcdc3ae683e0bc61cdffb912b193546dbc1536324ec39c249997';
const tmp = mkdtempSync(join(tmpdir(), 'overthink-zebra-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const r = await runCli(args, tmp);
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('BBEH zebra dev puzzles', () => {
  it('the vendored file is the dev file as received, unchanged', () => {
    assert.equal(createHash('sha256').update(readFileSync(bundledBbehPath())).digest('hex'), DEV_SHA256);
  });

  it('parser and solver reproduce all 100 targets, each answer proven unique under every reading', () => {
    const file = bundledBbehPath();
    const examples = readBbehFile(file);
    assert.equal(examples.length, 100);
    const sizes = new Set<number>();
    const statuses = new Map<string, number>();
    for (const [i, ex] of examples.entries()) {
      const p = parsePuzzle(ex.input, `example ${i}`);
      sizes.add(p.size);
      const r = solvePuzzle(p);
      assert.equal(String(r.answer), ex.target, `example ${i}`);
      assert.ok(r.status === 'unique' || r.status === 'agreed', `example ${i}: ${r.status}`);
      assert.deepEqual(r.answers, [r.answer], `example ${i}`);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    assert.deepEqual([...sizes].sort(), [5, 6, 7, 8]);
    // 20 word a value alike in clues connected to the question (12 more only in unconnected ones).
    assert.deepEqual(Object.fromEntries(statuses), { unique: 80, agreed: 20 });
  });

  it('`zebra solve` on the dev file prints one line per puzzle and the summary, exit 0', async () => {
    const lines: string[] = [];
    const code = solveFile(bundledBbehPath(), (l) => lines.push(l));
    assert.equal(code, 0);
    assert.equal(lines.length, 101);
    assert.equal(
      lines.at(-1),
      'solved 100/100, unique 100/100 (20 across readings of ambiguous wording), matching targets 100/100',
    );
    assert.ok(lines.slice(0, 100).every((l) => /^puzzle \d+: answer \d, .*target \d, match$/.test(l)));
    // Puzzles that word a value alike say so, and how the readings came out.
    assert.equal(lines.filter((l) => l.includes('unique across readings of ambiguous wording')).length, 20);
    assert.equal(lines.filter((l) => l.includes('ambiguous wording only in clues unconnected')).length, 12);
    // BBEH 168: one reading of "biking" leaves the answer open; the other 15 give the target.
    assert.match(
      lines[84],
      /^puzzle 85: answer 1, unique across readings of ambiguous wording \("biking" = favorite hobby or physical activity; a unique answer in 15 of 16 readings, open in 1, always 1\), target 1, match$/,
    );
  });
});

describe('overthink zebra (CLI)', () => {
  it('generate writes BBEH-format puzzles that solve checks', async () => {
    const out = join(tmp, 'gen.json');
    const gen = await cli(['zebra', 'generate', '--size', '6', '--n', '3', '--seed', '5', '--out', out]);
    assert.equal(gen.code, 0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(doc.examples.length, 3);
    assert.ok(doc.examples.every((e: { target: string }) => /^[1-6]$/.test(e.target)));
    const solve = await cli(['zebra', 'solve', out]);
    assert.equal(solve.code, 0);
    assert.match(solve.out, /solved 3\/3, unique 3\/3, matching targets 3\/3\n$/);
  });

  it('generate --shared writes puzzles that solve settles across readings', async () => {
    const out = join(tmp, 'shared.json');
    const gen = await cli([
      'zebra',
      'generate',
      '--size',
      '5',
      '--n',
      '3',
      '--seed',
      '2',
      '--shared',
      '2',
      '--out',
      out,
    ]);
    assert.equal(gen.code, 0);
    const solve = await cli(['zebra', 'solve', out]);
    assert.equal(solve.code, 0);
    assert.match(
      solve.out,
      /unique across readings of ambiguous wording \(".+" = .+ or .+; a unique answer in \d+ of \d+ readings/,
    );
    assert.match(
      solve.out,
      /solved 3\/3, unique 3\/3 \(\d across readings of ambiguous wording\), matching targets 3\/3\n$/,
    );
    const bad = await cli(['zebra', 'generate', '--size', '3', '--shared', '2']);
    assert.equal(bad.code, 2);
    assert.match(bad.out, /--shared: each pair needs a core attribute and one more/);
  });

  it('solve exits 1 on a wrong target or an unreadable puzzle, and 2 on a bad file', async () => {
    const [ex] = readBbehFile(bundledBbehPath());
    const wrong = String((Number(ex.target) % 5) + 1);
    const file = join(tmp, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        examples: [
          { input: ex.input, target: wrong },
          { input: ex.input.replace(/Clue 1: [^\n]*/, 'Clue 1: The Brit hums quietly.'), target: ex.target },
        ],
      }),
    );
    const r = await cli(['zebra', 'solve', file]);
    assert.equal(r.code, 1);
    assert.match(r.out, /puzzle 1: answer \d, unique, target \d, MISMATCH/);
    assert.match(r.out, /puzzle 2: parse error: .*unknown clue form: "The Brit hums quietly\."/);
    assert.match(r.out, /solved 1\/2, unique 1\/2, matching targets 0\/2\n$/);

    writeFileSync(file, '{"examples": 3}');
    const bad = await cli(['zebra', 'solve', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.out, /"examples" array/);
  });
});
