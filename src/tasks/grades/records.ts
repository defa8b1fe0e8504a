import { STRESS_LEVELS } from './students.js';

/**
 * The survey's column names, as the record's tags (as in the real data set), mapped to the short
 * feature keys that analysis uses.
 */
export const COLUMNS = [
  { column: 'Student_ID', key: null },
  { column: 'Study_Hours_Per_Day', key: 'study' },
  { column: 'Extracurricular_Hours_Per_Day', key: 'extracurricular' },
  { column: 'Sleep_Hours_Per_Day', key: 'sleep' },
  { column: 'Social_Hours_Per_Day', key: 'social' },
  { column: 'Physical_Activity_Hours_Per_Day', key: 'physical' },
  { column: 'Stress_Level', key: 'stress' },
  { column: 'Gender', key: 'gender' },
] as const;
export const GRADE_COLUMN = 'Grades';

/**
 * The features of the last `<record>` in a prompt (the student to predict), numerically coded like
 * `studentFeatures`. Used to recover Fig. 7's inputs from the paper's own JSONL prompts.
 */
export function featuresFromPrompt(prompt: string): Record<string, number> | null {
  const blocks = [...prompt.matchAll(/<record>([\s\S]*?)<\/record>/g)];
  if (blocks.length === 0) return null;
  const body = blocks[blocks.length - 1][1];
  const out: Record<string, number> = {};
  for (const { column, key } of COLUMNS) {
    if (key === null) continue;
    const m = body.match(new RegExp(`<${column}>\\s*([^<]*?)\\s*</${column}>`));
    if (!m) continue;
    const value = codeValue(key, m[1]);
    if (value !== null) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

function codeValue(key: string, raw: string): number | null {
  if (key === 'stress') {
    const i = STRESS_LEVELS.findIndex((l) => l.toLowerCase() === raw.toLowerCase());
    return i >= 0 ? i : null;
  }
  if (key === 'gender') {
    const g = raw.toLowerCase();
    return g === 'male' ? 1 : g === 'female' ? 0 : null;
  }
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : null;
}
