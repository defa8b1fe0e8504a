import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readBbehFile } from '../tasks/zebra/bbeh-file.js';
import { CATALOGUE, SHARED_PAIRS } from '../tasks/zebra/catalogue.js';
import { defaultDistractors, generatePuzzle, MAX_SIZE } from '../tasks/zebra/generator.js';
import { parsePuzzle } from '../tasks/zebra/parser.js';
import { type SolveResult, solvePuzzle } from '../tasks/zebra/solve.js';
import { puzzleSeed } from '../tasks/zebra/tasks.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import { printWritten, say } from './output.js';

function wholeNumber(flag: string, min: number, max: number): (s: string) => number {
  return (s: string) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UserError(`${flag}: expected a whole number from ${min} to ${max}, found '${s}'`);
    }
    return n;
  };
}

function oneOf<T extends string>(flag: string, values: readonly T[]): (s: string) => T {
  return (s: string) => {
    if (!(values as readonly string[]).includes(s)) {
      throw new UserError(`${flag}: expected one of ${values.join(', ')}, found '${s}'`);
    }
    return s as T;
  };
}

/** '"biking" = favorite hobby or physical activity; "Honda" = car or motorbike' */
function ambiguousWording(r: SolveResult): string {
  return r.readings.values.map((v) => `"${v.text}" = ${v.categories.join(' or ')}`).join('; ');
}

/** How the solver settled a puzzle, for its line in `zebra solve`. */
export function describeResult(r: SolveResult): string {
  const { total, surviving, open, exact } = r.readings;
  const fixing = surviving.reduce((s, x) => s + x.readings, 0);
  const left = open > 0 ? `, open in ${open}` : '';
  const counted = `a unique answer in ${exact ? '' : 'at least '}${fixing} of ${total} readings${left}`;
  switch (r.status) {
    case 'unique':
      return r.readings.values.length === 0
        ? `answer ${r.answer}, unique`
        : `answer ${r.answer}, unique (ambiguous wording only in clues unconnected to the question: ${ambiguousWording(r)})`;
    case 'agreed':
      return `answer ${r.answer}, unique across readings of ambiguous wording (${ambiguousWording(r)}; ${counted}, always ${r.answer})`;
    case 'ambiguous': {
      const each = surviving.map((s) => `${s.answer} in ${exact ? '' : 'at least '}${s.readings}`).join(', ');
      return `ambiguous: the readings disagree (${ambiguousWording(r)}; ${counted}: ${each})`;
    }
    case 'open': {
      const why = r.readings.values.length === 0 ? '' : ` under any reading (${ambiguousWording(r)})`;
      return `no unique answer${why} (${r.answers.join(' and ')} both fit)`;
    }
    case 'inconsistent':
      return 'no solution (the clues contradict each other under every reading)';
  }
}

/** Solves every puzzle of a BBEH-format file; returns the exit code. */
export function solveFile(file: string, print: (line: string) => void = say): number {
  const examples = readBbehFile(file);
  let solved = 0;
  let unique = 0;
  let agreed = 0;
  let matching = 0;
  examples.forEach((ex, i) => {
    const label = `puzzle ${i + 1}`;
    let r: SolveResult;
    let step = 'parse error';
    try {
      const p = parsePuzzle(ex.input, label);
      step = 'error';
      r = solvePuzzle(p);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      print(`${label}: ${step}: ${err.message}`);
      return;
    }
    if (r.status !== 'inconsistent') solved++;
    if (r.answer !== null) unique++;
    if (r.status === 'agreed') agreed++;
    const match = String(r.answer) === ex.target;
    if (match) matching++;
    const among =
      !match && r.answers.map(String).includes(ex.target) ? ' (one reading gives the target)' : '';
    print(`${label}: ${describeResult(r)}, target ${ex.target}, ${match ? 'match' : `MISMATCH${among}`}`);
  });
  const n = examples.length;
  const across = agreed > 0 ? ` (${agreed} across readings of ambiguous wording)` : '';
  print(`solved ${solved}/${n}, unique ${unique}/${n}${across}, matching targets ${matching}/${n}`);
  return solved === n && unique === n && matching === n ? 0 : 1;
}

interface GenerateFlags {
  size: number;
  n: number;
  seed: number;
  attributes?: number;
  distractors?: number;
  unique: 'question' | 'grid';
  solvable: 'propagation' | 'search';
  shared?: number;
  out?: string;
}

export function register(program: Command): void {
  const zebra = program
    .command('zebra')
    .description('Zebra puzzles: check a BBEH-format file with the solver, or generate fresh puzzles.');

  zebra
    .command('solve')
    .description(
      'Parse and solve every puzzle of a BBEH-format file ({"examples": [{"input", "target"}]}); exit 1 unless all parse, have a unique answer and match their target.',
    )
    .argument('<file>', 'a BBEH-format JSON file')
    .addHelpText(
      'after',
      `
Examples:
  overthink zebra solve data/bbeh-zebra/task.dev.json    the 100 vendored BBEH puzzles
  overthink zebra solve puzzles.json`,
    )
    .action((file: string) => {
      process.exitCode = solveFile(resolve(file));
    });

  zebra
    .command('generate')
    .description('Write freshly generated puzzles with proven unique answers, in the BBEH format.')
    .requiredOption(
      '--size <people>',
      `people per puzzle (3-${MAX_SIZE})`,
      wholeNumber('--size', 3, MAX_SIZE),
    )
    .option('--n <count>', 'number of puzzles', wholeNumber('--n', 1, 100_000), 1)
    .option('--seed <seed>', 'seed (same seed, same puzzles)', wholeNumber('--seed', 0, 2 ** 32 - 1), 1)
    .option(
      '--attributes <m>',
      'attributes the answer depends on (default: size)',
      wholeNumber('--attributes', 2, CATALOGUE.length),
    )
    .option(
      '--distractors <d>',
      'distracting attributes (default: 11 for sizes 5-7, else 0)',
      wholeNumber('--distractors', 0, CATALOGUE.length),
    )
    .option(
      '--unique <what>',
      "'question' (the asked position) or 'grid' (every core attribute)",
      oneOf('--unique', ['question', 'grid'] as const),
      'question',
    )
    .option(
      '--solvable <how>',
      "'propagation' (no guessing needed, like BBEH) or 'search'",
      oneOf('--solvable', ['propagation', 'search'] as const),
      'propagation',
    )
    .option(
      '--shared <pairs>',
      `pairs of attributes listing one value worded alike, as BBEH's "biking" hobby and physical activity (1-${SHARED_PAIRS.length})`,
      wholeNumber('--shared', 1, SHARED_PAIRS.length),
    )
    .option('--out <file>', 'write here instead of standard output')
    .addHelpText(
      'after',
      `
Examples:
  overthink zebra generate --size 6 --n 10 --out puzzles.json
  overthink zebra generate --size 5 --distractors 0 --unique grid`,
    )
    .action((flags: GenerateFlags) => {
      const m = flags.attributes ?? flags.size;
      const d = flags.distractors ?? defaultDistractors(flags.size);
      const k = flags.shared ?? 0;
      if (m + d - 2 * k > CATALOGUE.length) {
        throw new UserError(
          `--attributes plus --distractors must be at most ${CATALOGUE.length + 2 * k}, got ${m + d}`,
        );
      }
      if (k > m || 2 * k > m + d) {
        throw new UserError(
          `--shared: each pair needs a core attribute and one more, got ${k} pairs for ${m} core of ${m + d} attributes`,
        );
      }
      const examples = Array.from({ length: flags.n }, (_, i) => {
        const g = generatePuzzle({
          size: flags.size,
          seed: puzzleSeed(flags.seed, flags.size, i),
          attributes: flags.attributes,
          distractors: flags.distractors,
          unique: flags.unique,
          solvable: flags.solvable,
          shared: flags.shared,
        });
        return { input: g.text, target: String(g.answer) };
      });
      const json = `${JSON.stringify({ examples }, null, 2)}\n`;
      if (flags.out === undefined) {
        process.stdout.write(json);
        return;
      }
      const out = resolve(flags.out);
      writeFileAtomic(out, json, 'the puzzles');
      printWritten([out]);
    });
}
