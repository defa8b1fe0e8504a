import type { Budget } from '../core/budget.js';
import type { ReasoningSource, StopReason } from '../core/response.js';
import type { ImportTool } from '../run/origin.js';
import type { StoredScore } from '../score/stored.js';
import type { Target } from '../tasks/types.js';
import { UserError } from '../util/errors.js';

/**
 * What every importer hands the store: one sample per foreign sample × epoch (or repeat), already in
 * overthink's terms. Foreign files are untrusted input: each reader checks what it takes and names
 * the file and the field when something is missing or malformed (`badInput`).
 */
export interface ImportedItem {
  itemId: string;
  prompt: string;
  target: Target;
  /** What the tool recorded beside the item that overthink has no column for (targets, choices, metadata). */
  meta?: Record<string, unknown>;
}

export interface ImportedSample {
  model: string;
  taskId: string;
  item: ImportedItem;
  budget: Budget;
  trial: number;
  /** The prompt variant: the tool's name, or the arm an overthink export recorded. */
  variant: string;
  /** The generation settings the tool records for the sample: its budget, effort, max tokens. */
  sentParams: Record<string, unknown> | null;
  /** Why the budget is the number it is, when the tool did not set a token budget (an effort level). */
  budgetNote: string | null;
  /** The output-token limit, when the tool records one. */
  maxTokens: number | null;
  text: string | null;
  reasoningText: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** Null when the file does not say (source 'unknown'): never a guess. */
  reasoningTokens: number | null;
  reasoningSource: ReasoningSource;
  stopReason: StopReason | null;
  latencyMs: number | null;
  costUsd: number | null;
  /** The tool's error for a sample that failed; such a sample has no score. */
  error: string | null;
  score: StoredScore | null;
  /** What the file held that the columns above do not: the original usage and score, cache flags. */
  raw: Record<string, unknown>;
  /** Where in the file the sample was: "samples/3_epoch_1.json", "results[12]". */
  where: string;
  /** What the file lacked or what was assumed for this sample, one sentence each; kept on its run. */
  notes: string[];
}

/** One foreign file (or, for lm-eval, one results file with its samples files), read lazily. */
export interface ForeignFile {
  tool: ImportTool;
  /** As given on the command line, for messages and the run's origin. */
  path: string;
  /** Every file the samples come from (lm-eval: results + samples files), for the digest. */
  parts: string[];
  toolVersion: string | null;
  /** The samples came from a simulated model (an overthink export of a sim: run says so). */
  simulated: boolean;
  /** The samples, read one at a time; every call reads the file again. */
  samples(): AsyncIterable<ImportedSample>;
}

/** A bad input: the file, where in it, and what is wrong, on one line. */
export function badInput(file: string, where: string, what: string): UserError {
  return new UserError(`${file}${where ? `: ${where}` : ''}: ${what}`);
}

/** A short rendering of an untrusted value for an error message. */
export function shown(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  // Control characters from a hostile file never reach the terminal.
  s = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A token count as a file gives it: a whole number from 0, else null (not recorded). */
export function tokenCount(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}
