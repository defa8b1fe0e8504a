import type { Budget } from '../core/budget.js';
import type { Item } from '../tasks/types.js';
import { iclBlock } from './icl.js';
import { paperStrings } from './paper-strings.js';
import { paperRecordOf } from './record.js';
import { type PromptVariant, systemPrompt } from './system.js';
import { isMultipleChoice, userPrompt } from './user.js';

/** The messages of one sample: what every provider sends, in its own request shape. */
export interface BuiltPrompt {
  system: string;
  /**
   * The reference sends the system prompt as a developer message to the o-series snapshots it names
   * (USE_DEVELOPER_ROLE_MODELS); every other model gets a system message.
   */
  systemRole: 'system' | 'developer';
  user: string;
}

/**
 * The paper's prompt for an item at a budget: `_prepare_prompt` of the reference, with the system
 * prompt of `_get_reasoning_system_prompt` and the in-context examples (anchoring shots) appended.
 * `modelName` is the model's name without its provider prefix.
 */
export function buildPrompt(
  item: Item,
  shots: readonly Item[],
  budget: Budget,
  variant: PromptVariant,
  modelName: string,
): BuiltPrompt {
  const record = paperRecordOf(item);
  const system = systemPrompt(budget, isMultipleChoice(record), variant) + iclBlock(shots.map(paperRecordOf));
  const developer = paperStrings().developerRoleModels.ids.includes(modelName);
  return { system, systemRole: developer ? 'developer' : 'system', user: userPrompt(record) };
}
