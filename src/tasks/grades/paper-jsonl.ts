import { readFileSync } from 'node:fs';
import { UserError } from '../../util/errors.js';
import type { Item } from '../types.js';
import { featuresFromPrompt } from './records.js';

/**
 * The paper's released grades file (student_lifestyle_regression_Grades.jsonl), loaded as it is:
 * one JSON object per line with `prompt` (already containing its answer instruction), `answer`
 * (the grade) and `examples_per_prompt`, plus bookkeeping fields we keep in meta.
 * The prompt is not rewritten; the target's features are read back from its last `<record>`.
 */
export function loadPaperGradesJsonl(taskId: string, file: string): Item[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `${file}: cannot read the grades JSONL (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  const items: Item[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const where = `${file}:${i + 1}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new UserError(`${where}: expected one JSON object per line`);
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      throw new UserError(`${where}: expected a JSON object with "prompt" and "answer"`);
    }
    const r = rec as Record<string, unknown>;
    if (typeof r.prompt !== 'string' || r.prompt.trim() === '') {
      throw new UserError(`${where}: "prompt" must be a non-empty string`);
    }
    const answer = typeof r.answer === 'string' && r.answer.trim() !== '' ? Number(r.answer) : r.answer;
    if (typeof answer !== 'number' || !Number.isFinite(answer)) {
      throw new UserError(`${where}: "answer" must be a number (the grade)`);
    }
    const shots = examplesPerPrompt(r, r.prompt);
    if (shots === null) throw new UserError(`${where}: "examples_per_prompt" must be a whole number ≥ 0`);
    const { prompt: _p, answer: _a, ...rest } = r;
    items.push({
      taskId,
      itemId: `line-${i + 1}`,
      prompt: r.prompt,
      target: { kind: 'number', value: answer, tolerance: 0 },
      strata: { examples_per_prompt: shots },
      meta: { source: 'paper-jsonl', line: i + 1, features: featuresFromPrompt(r.prompt) ?? {}, ...rest },
    });
  }
  if (items.length === 0) throw new UserError(`${file}: no records found`);
  return items;
}

/** From the record's field (top level or under `metadata`), else counted from the prompt's worked examples. */
function examplesPerPrompt(r: Record<string, unknown>, prompt: string): number | null {
  const meta =
    typeof r.metadata === 'object' && r.metadata !== null ? (r.metadata as Record<string, unknown>) : {};
  const raw = r.examples_per_prompt ?? meta.examples_per_prompt;
  if (raw === undefined) return Math.max(0, (prompt.match(/<record>/g) ?? []).length - 1);
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : null;
}
