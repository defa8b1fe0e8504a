import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { solveFile } from '../../../src/cli/zebra.js';
import { bundledBbehPath, readBbehFile } from '../../../src/tasks/zebra/bbeh-file.js';
import { parsePuzzle } from '../../../src/tasks/zebra/parser.js';
import { solvePuzzle } from '../../../src/tasks/zebra/solve.js';
import { runCli } from '../../helpers/cli.js';

const SHARED = fileURLToPath(
  new URL('../../../../shared/datasets/bbeh-zebra/task.dev.json', import.meta.url),
);
const tmp = mkdtempSync(join(tmpdir(), 'overthink-zebra-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const r = await runCli(args, tmp);
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('BBEH zebra dev puzzles', () => {
  it('the vendored file is the shared dev file, unchanged', { skip: !existsSync(SHARED) }, () => {
    assert.equal(readFileSync(bundledBbehPath(), 'utf8'), readFileSync(SHARED, 'utf8'));
  });

  it('parser and solver reproduce all 100 targets, each answer proven unique', () => {
    const file = existsSync(SHARED) ? SHARED : bundledBbehPath();
    const examples = readBbehFile(file);
    assert.equal(examples.length, 100);
    const sizes = new Set<number>();
    for (const [i, ex] of examples.entries()) {
      const p = parsePuzzle(ex.input, `example ${i}`);
      sizes.add(p.size);
      const r = solvePuzzle(p);
      assert.equal(String(r.answer), ex.target, `example ${i}`);
      assert.equal(r.unique, true, `example ${i}`);
    }
    assert.deepEqual([...sizes].sort(), [5, 6, 7, 8]);
  });

  it('`zebra solve` on the dev file prints one line per puzzle and the summary, exit 0', async () => {
    const lines: string[] = [];
    const code = solveFile(existsSync(SHARED) ? SHARED : bundledBbehPath(), (l) => lines.push(l));
    assert.equal(code, 0);
    assert.equal(lines.length, 101);
    assert.equal(lines.at(-1), 'solved 100/100, unique 100/100, matching targets 100/100');
    assert.ok(lines.slice(0, 100).every((l) => /^puzzle \d+: answer \d, .*target \d, match$/.test(l)));
    // One dev puzzle words two attributes alike; the line says how it was settled.
    assert.equal(lines.filter((l) => l.includes('ambiguous wording')).length, 1);
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
