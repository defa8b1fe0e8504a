/**
 * Zebra benchmarks (never run as tests):
 *  - median milliseconds to generate one 8×8 puzzle with a proven unique answer (target < 200);
 *  - total seconds to parse and solve the 100 BBEH dev puzzles with uniqueness proofs (target < 5).
 * Run alone with `node --import tsx bench/zebra.ts`.
 */
import { fileURLToPath } from 'node:url';
import { bundledBbehPath, readBbehFile } from '../src/tasks/zebra/bbeh-file.js';
import { generatePuzzle } from '../src/tasks/zebra/generator.js';
import { parsePuzzle } from '../src/tasks/zebra/parser.js';
import { solvePuzzle } from '../src/tasks/zebra/solve.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export async function benchZebra(): Promise<Record<string, number>> {
  // Warm the JIT so the first puzzles do not dominate.
  for (let s = 0; s < 5; s++) generatePuzzle({ size: 8, seed: 1_000_000 + s });

  const genMs: number[] = [];
  for (let seed = 0; seed < 40; seed++) {
    const t = performance.now();
    generatePuzzle({ size: 8, seed });
    genMs.push(performance.now() - t);
  }

  // BBEH's own profile: the whole 8×8 grid unique.
  const gridMs: number[] = [];
  for (let seed = 0; seed < 20; seed++) {
    const t = performance.now();
    generatePuzzle({ size: 8, seed, unique: 'grid' });
    gridMs.push(performance.now() - t);
  }

  const examples = readBbehFile(bundledBbehPath());
  const t0 = performance.now();
  let matching = 0;
  for (const [i, ex] of examples.entries()) {
    const r = solvePuzzle(parsePuzzle(ex.input, `example ${i}`));
    if (r.answer !== null && String(r.answer) === ex.target) matching++;
  }
  const solveS = (performance.now() - t0) / 1000;
  if (matching !== examples.length)
    throw new Error(`only ${matching}/${examples.length} BBEH targets reproduced`);

  return {
    'zebra.generate_8x8_median_ms': Number(median(genMs).toFixed(1)),
    'zebra.generate_8x8_max_ms': Number(Math.max(...genMs).toFixed(1)),
    'zebra.generate_8x8_whole_grid_median_ms': Number(median(gridMs).toFixed(1)),
    'zebra.solve_bbeh_dev_100_total_s': Number(solveS.toFixed(2)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchZebra().then((r) => {
    for (const [k, v] of Object.entries(r)) process.stdout.write(`${k} ${v}\n`);
  });
}
