import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dataCacheRoot } from '../../data/cache.js';
import { UserError } from '../../util/errors.js';
import { deriveSeed } from '../../util/rng.js';
import * as z from '../../util/zod.js';
import { releasedItems } from '../paper/released-items.js';
import { RELEASED, releasedPath } from '../paper/released-source.js';
import type { Item, Target, TaskDefinition } from '../types.js';
import { bundledBbehPath, readBbehFile } from './bbeh-file.js';
import { CATALOGUE, SHARED_PAIRS } from './catalogue.js';
import { defaultDistractors, type GenerateOptions, generatePuzzle, MAX_SIZE } from './generator.js';
import { parsePuzzle } from './parser.js';
import { solvePuzzle } from './solve.js';

/**
 * Two zebra tasks. Both record per item the solver's deduction count (the difficulty measure,
 * see solver.ts `measureDeductions`) in `meta.deductions`, and the grid size as a stratum.
 */

const zebraOptions = z
  .object({
    /** Puzzles per grid size. */
    n: z.number().int().min(1, 'at least 1 puzzle per size').max(100_000).default(50),
    /** People per puzzle; the paper's BBEH puzzles have 5 to 8. */
    sizes: z
      .array(z.number().int().min(3, 'at least 3 people').max(MAX_SIZE, `at most ${MAX_SIZE} people`))
      .min(1, 'at least one size')
      .default([5, 6, 7, 8]),
    /** Attributes the answer depends on; default: as many as people (an N×N grid). */
    attributes: z.number().int().min(2, 'at least 2 attributes').max(CATALOGUE.length).optional(),
    /** Distracting attributes; default 11 for sizes 5–7 (as in BBEH), none for other sizes. */
    distractors: z.number().int().min(0).optional(),
    /** 'question': the asked position is unique; 'grid': the whole grid of core attributes is. */
    unique: z.enum(['question', 'grid']).default('question'),
    /** 'propagation': solvable without guessing (like BBEH); 'search': only uniqueness is required. */
    solvable: z.enum(['propagation', 'search']).default('propagation'),
    /** Pairs of attributes listing one value worded alike (BBEH's "biking" hobby and activity). */
    shared: z.number().int().min(1).max(SHARED_PAIRS.length).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    const k = o.shared ?? 0;
    for (const size of o.sizes) {
      const m = o.attributes ?? size;
      const all = m + (o.distractors ?? defaultDistractors(size));
      // Shared pairs bring their own attributes; the rest come from the catalogue.
      if (all - 2 * k > CATALOGUE.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['attributes'],
          message: `size ${size}: attributes plus distractors must be at most ${CATALOGUE.length + 2 * k}, got ${all}`,
        });
      }
      if (k > m || 2 * k > all) {
        ctx.addIssue({
          code: 'custom',
          path: ['shared'],
          message: `size ${size}: each shared pair needs a core attribute and one more, got ${k} pairs for ${m} core of ${all} attributes`,
        });
      }
    }
  });

export type ZebraOptions = z.infer<typeof zebraOptions>;

/** The seed of puzzle `index` of a size; `overthink zebra generate` uses the same one. */
export function puzzleSeed(seed: number, size: number, index: number): number {
  return deriveSeed(seed, 'zebra', size, index);
}

/** Solver facts recorded with an item; an unreadable puzzle gets `parseError` instead. */
export function solverMeta(text: string): Record<string, unknown> {
  try {
    const p = parsePuzzle(text);
    // Items need the answer, not how many readings give it.
    const r = solvePuzzle(p, { deductions: true, countRuns: 0 });
    return {
      deductions: r.deductions,
      guesses: r.guesses,
      clues: p.clues.length,
      attributes: p.attributes.length,
      solverAnswer: r.answer === null ? null : String(r.answer),
      solverUnique: r.answer !== null,
      solverStatus: r.status,
      ...(r.status === 'ambiguous' ? { solverAnswers: r.answers.map(String) } : {}),
      ...(r.readings.values.length > 0 ? { ambiguousValues: r.readings.values.map((v) => v.text) } : {}),
    };
  } catch (err) {
    if (err instanceof UserError) return { parseError: err.message };
    throw err;
  }
}

function optionTag(o: ZebraOptions): string {
  const parts: string[] = [];
  if (o.attributes !== undefined) parts.push(`a${o.attributes}`);
  if (o.distractors !== undefined) parts.push(`d${o.distractors}`);
  if (o.unique !== 'question') parts.push(o.unique);
  if (o.solvable !== 'propagation') parts.push(o.solvable);
  if (o.shared !== undefined) parts.push(`s${o.shared}`);
  return parts.length > 0 ? `-${parts.join('-')}` : '';
}

export const zebraTask: TaskDefinition<ZebraOptions> = {
  id: 'zebra',
  family: 'zebra',
  description:
    'Freshly generated zebra puzzles with a proven unique answer, BBEH-style text (default: 50 each of 5, 6, 7 and 8 people).',
  metric: 'accuracy',
  options: zebraOptions,
  load(o, ctx) {
    const items: Item[] = [];
    // Options change the puzzles, so they are part of the item id.
    const tag = optionTag(o);
    for (const size of o.sizes) {
      for (let i = 0; i < o.n; i++) {
        const gen: GenerateOptions = {
          size,
          seed: puzzleSeed(ctx.seed, size, i),
          attributes: o.attributes,
          distractors: o.distractors,
          unique: o.unique,
          solvable: o.solvable,
          shared: o.shared,
        };
        const g = generatePuzzle(gen);
        items.push({
          taskId: 'zebra',
          itemId: `zebra-${size}${tag}-${i}`,
          prompt: g.text,
          target: { kind: 'number', value: g.answer, tolerance: 0 },
          strata: { grid_size: size },
          meta: { ...solverMeta(g.text), coreClues: g.coreClues },
        });
      }
    }
    return items;
  },
};

const bbehOptions = z
  .object({
    /** A BBEH task.json or a file in the paper's released JSONL format, relative to the config file. */
    path: z.string().min(1).optional(),
    /**
     * true: the paper's own file (bbeh_zebra_puzzles.jsonl, `overthink data pull
     * inverse-scaling-ttc-main`); 'bbeh-zebra': BBEH's original task.json with all 200 puzzles
     * (`overthink data pull bbeh-zebra`). Default: the vendored 100 dev puzzles.
     */
    pulled: z.union([z.boolean(), z.literal('bbeh-zebra')]).default(false),
  })
  .strict()
  .refine((o) => !(o.pulled && o.path !== undefined), { message: 'give either path or pulled, not both' });

export type BbehZebraOptions = z.infer<typeof bbehOptions>;

const released = RELEASED['bbeh-zebra'];

/** The BBEH-format file to read, or undefined when the options name a released-format JSONL. */
function bbehPath(o: BbehZebraOptions, baseDir: string): string | undefined {
  if (o.path !== undefined)
    return o.path.toLowerCase().endsWith('.jsonl') ? undefined : resolve(baseDir, o.path);
  if (o.pulled === true) return undefined;
  if (o.pulled !== 'bbeh-zebra') return bundledBbehPath();
  const file = join(dataCacheRoot(), 'bbeh-zebra', 'task.json');
  if (!existsSync(file))
    throw new UserError(`${file} is missing: run 'overthink data pull bbeh-zebra' first`);
  return file;
}

/** Positions grade as numbers (so 'position 4' counts); a non-numeric BBEH target stays an exact string. */
function positionTarget(target: string): Target {
  return /^\s*\d+\s*$/.test(target)
    ? { kind: 'number', value: Number(target), tolerance: 0 }
    : { kind: 'exact', value: target };
}

/** The number of people a puzzle is about (its grid size). */
function gridSize(text: string): number | 'unknown' {
  const size = Number(/There are (\d+) people/.exec(text)?.[1] ?? Number.NaN);
  return Number.isFinite(size) ? size : 'unknown';
}

export const bbehZebraTask: TaskDefinition<BbehZebraOptions> = {
  id: 'bbeh-zebra',
  family: 'zebra',
  description:
    "BIG-Bench Extra Hard zebra puzzles (vendored: the 100 dev puzzles; pulled: true reads the paper's 200).",
  metric: 'accuracy',
  options: bbehOptions,
  standInNotice(o) {
    if (o.path !== undefined || o.pulled) return undefined;
    return `bbeh-zebra: the 100 vendored BBEH dev puzzles, half of the paper's 200 (not its released file); run 'overthink data pull ${released.dataset}' and set pulled: true for those`;
  },
  load(o, ctx) {
    const bbeh = bbehPath(o, ctx.baseDir);
    if (bbeh === undefined) {
      const from = releasedPath({ path: o.path, pulled: o.pulled === true }, released, ctx.baseDir)!;
      return releasedItems(from.file, from.label, {
        taskId: 'bbeh-zebra',
        released,
        describe: (r) => ({
          strata: { grid_size: gridSize(r.record.prompt) },
          meta: solverMeta(r.record.prompt),
        }),
      });
    }
    return readBbehFile(bbeh).map((ex, i) => ({
      taskId: 'bbeh-zebra',
      itemId: `bbeh-zebra-${i}`,
      prompt: ex.input,
      target: positionTarget(ex.target),
      strata: { grid_size: gridSize(ex.input) },
      meta: solverMeta(ex.input),
      // As the paper's BBEH converter writes it: the puzzle as the prompt, the target as the answer.
      record: { prompt: ex.input, answer: ex.target, answerText: ex.target },
    }));
  },
};
