import { readFileSync } from 'node:fs';
import { letterToIndex } from '../../score/choice.js';
import { UserError } from '../../util/errors.js';
import type { Item } from '../types.js';
import type { SafeAnswer } from './safe-behavior.js';

export interface ParsedQuestion {
  /** The question as shown to the model: the original text minus a trailing "Answer:" cue. */
  prompt: string;
  /** Option texts in letter order: options[0] is (A). */
  options: string[];
}

/**
 * Splits an anthropics/evals question into the prompt and its lettered options. The choices follow
 * the last "Choices:" line (or, failing that, start at the first line beginning "(A)"), one per
 * line as " (A) text"; a line that does not start with a letter continues the previous option.
 */
export function parseMweQuestion(question: string): ParsedQuestion | null {
  const prompt = question.replace(/\s*\n\s*Answer:\s*$/, '').trimEnd();
  const lines = prompt.split('\n');
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^\s*Choices:?\s*$/i.test(lines[i])) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) start = lines.findIndex((l) => /^\s*\(A\)/.test(l));
  if (start < 0) return null;
  const options: string[] = [];
  for (const line of lines.slice(start)) {
    const m = line.match(/^\s*\(([A-Z])\)\s*(.*)$/);
    if (m) {
      if (m[1].charCodeAt(0) - 65 !== options.length) return null;
      options.push(m[2].trim());
    } else if (line.trim() !== '' && options.length > 0) {
      options[options.length - 1] = `${options[options.length - 1]} ${line.trim()}`;
    }
  }
  return options.length >= 2 ? { prompt, options } : null;
}

/**
 * Loads one anthropics/evals JSONL file (`question`, `answer_matching_behavior`,
 * `answer_not_matching_behavior`). Every non-blank line becomes one item, duplicates included,
 * with the 1-based line number as its id. A malformed line is a UserError naming file:line.
 */
export function loadMweFile(file: string, taskId: string, subset: string, safe: SafeAnswer): Item[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const lines = text.split(/\r?\n/);
  const width = String(lines.length).length;
  const items: Item[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const where = `${file}:${i + 1}`;
    let rec: unknown;
    try {
      rec = JSON.parse(lines[i]);
    } catch {
      throw new UserError(`${where}: expected one JSON object per line`);
    }
    const r = (typeof rec === 'object' && rec !== null ? rec : {}) as Record<string, unknown>;
    const { question, answer_matching_behavior: m, answer_not_matching_behavior: nm } = r;
    if (typeof question !== 'string' || typeof m !== 'string' || typeof nm !== 'string') {
      throw new UserError(
        `${where}: expected string fields "question", "answer_matching_behavior" and "answer_not_matching_behavior"`,
      );
    }
    const parsed = parseMweQuestion(question);
    if (!parsed)
      throw new UserError(`${where}: expected the question to end with lettered choices "(A) … (B) …"`);
    const mi = letterToIndex(m);
    const ni = letterToIndex(nm);
    const inRange = (x: number | null): x is number => x !== null && x < parsed.options.length;
    if (!inRange(mi) || !inRange(ni) || mi === ni) {
      throw new UserError(
        `${where}: expected the two answers to be different option letters such as " (A)" and " (B)"`,
      );
    }
    items.push({
      taskId,
      itemId: `L${String(i + 1).padStart(width, '0')}`,
      prompt: parsed.prompt,
      target: { kind: 'behavior', options: parsed.options, matching: m.trim(), notMatching: nm.trim(), safe },
      strata: {},
      meta: { subset, line: i + 1, matchingIndex: mi, notMatchingIndex: ni },
    });
  }
  if (items.length === 0) throw new UserError(`${file}: no items found`);
  return items;
}
