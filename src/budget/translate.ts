import { translateAnthropic } from './anthropic.js';
import { translateCompat } from './compat.js';
import { familyOf } from './families.js';
import { translateGoogle } from './google.js';
import { translateOpenAI } from './openai.js';
import type { TranslateInput, Translation } from './types.js';

export type { CompatMode, TranslateInput, Translation } from './types.js';
export { Notes } from './types.js';

/** Turns a requested budget into what the model accepts. Pure: same input, same output. */
export function translateBudget(input: TranslateInput): Translation {
  const family = familyOf(input.spec);
  switch (family.kind) {
    case 'anthropic-budget':
    case 'anthropic-adaptive':
      return translateAnthropic(input, family);
    case 'openai-effort':
      return translateOpenAI(input, family);
    case 'gemini-budget':
    case 'gemini-level':
      return translateGoogle(input, family);
    case 'compat':
      return translateCompat(input);
    case 'plain':
      return input.spec.startsWith('google:')
        ? translateGoogle(input, family)
        : translateOpenAI(input, family);
  }
}
