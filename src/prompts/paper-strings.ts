import { readFileSync } from 'node:fs';
import { packageFile } from '../util/package-root.js';

/**
 * The paper's prompt strings, quoted from the reference in data/paper-protocol/prompts.json (which
 * names the file and line of each). `{name}` marks where the reference inserts a value.
 */
export interface PaperStrings {
  persona: { text: string };
  answeringInstruction: { multipleChoice: string; openEnded: string };
  budgetZero: { text: string };
  thinkingKeywords: { steps: { below?: number; keyword: string }[] };
  budgetSentence: { text: string };
  useAllBudget: { text: string };
  cautioned: { text: string };
  reasoningPart: { text: string };
  afterThinking: { text: string };
  options: { before: string; line: string };
  answerFormat: { multipleChoice: string; openEnded: string };
  iclExamples: { before: string; separator: string; example: string; answer: string };
  developerRoleModels: { ids: string[] };
  noThinkPrefill: { text: string };
}

let strings: PaperStrings | undefined;

export function paperStrings(): PaperStrings {
  strings ??= JSON.parse(
    readFileSync(packageFile('data', 'paper-protocol', 'prompts.json'), 'utf8'),
  ) as PaperStrings;
  return strings;
}

/** Fills `{name}` slots, as the reference's f-strings do. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) =>
    name in values ? String(values[name]) : slot,
  );
}
