import { readFileSync } from 'node:fs';
import { packageFile } from '../../util/package-root.js';
import { PyRandom } from '../../util/py-random.js';
import { pyFloatRepr } from '../../util/py-text.js';
import { pandasSampleRows } from './pandas-sample.js';
import type { StudentTable } from './table.js';

/**
 * The paper's GradesRegressionCreator made again over a student table: the same 500-row sample
 * (pandas, random_state 42), the same cycle of shot counts and targets (instance i: shots[i mod
 * len], student i mod 500), the same worked examples (Python's random.sample, seed 42) and the same
 * prompt text (data/paper-protocol/grades-creator.json). Given the survey CSV the paper used, its
 * output is the creator's byte for byte (test/fixtures/paper-goldens/ holds the creator's own output
 * on a fixture CSV).
 */
interface GradesData {
  randomSeed: number;
  sampleSize: number;
  sampleRandomState: number;
  answerColumn: string;
  dataset: string;
  intro: string;
  question: string;
  recordOpen: string;
  field: string;
  recordClose: string;
}

let loaded: GradesData | undefined;
function data(): GradesData {
  loaded ??= JSON.parse(
    readFileSync(packageFile('data', 'paper-protocol', 'grades-creator.json'), 'utf8'),
  ) as GradesData;
  return loaded;
}

export const GRADES_SEED = 42;

/** One instance as the creator returns it (TaskInstance.to_dict() order). */
export interface CreatedGrade {
  prompt: string;
  /** float(target[Grades]): Python's str of it is `answerText`. */
  answer: number;
  answerText: string;
  dataset: string;
  answer_column: string;
  examples_per_prompt: number;
  target_index: number;
  example_indices: number[];
}

export function createGrades(
  table: StudentTable,
  o: { n: number; shots: readonly number[]; seed?: number },
): CreatedGrade[] {
  const d = data();
  const col = d.answerColumn;
  const sampled = pandasSampleRows(
    table.rows.length,
    Math.min(d.sampleSize, table.rows.length),
    d.sampleRandomState,
  ).map((i) => table.rows[i]);
  const gradeAt = table.columns.indexOf(col);
  const record = (row: string[], withAnswer: boolean) =>
    d.recordOpen +
    table.columns
      .map((c, j) => (withAnswer || c !== col ? fill(d.field, { column: c, value: row[j] }) : ''))
      .join('') +
    d.recordClose;
  const r = new PyRandom(o.seed ?? d.randomSeed);
  const out: CreatedGrade[] = [];
  for (let i = 0; i < o.n; i++) {
    const k = o.shots[i % o.shots.length];
    const target = i % sampled.length;
    const available = sampled.map((_, j) => j).filter((j) => j !== target);
    const examples = r.sample(available, Math.min(k, available.length));
    let prompt = '';
    if (k > 0) prompt += d.intro + examples.map((j) => record(sampled[j], true)).join('');
    prompt += fill(d.question, { column: col }) + record(sampled[target], false);
    const text = sampled[target][gradeAt];
    out.push({
      prompt,
      answer: Number(text),
      answerText: pyFloatRepr(Number(text)),
      dataset: d.dataset,
      answer_column: col,
      examples_per_prompt: k,
      target_index: target,
      example_indices: examples,
    });
  }
  return out;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? `{${k}}`);
}
