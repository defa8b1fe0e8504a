import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allModels, lookupModel } from '../../src/budget/catalog.js';
import { familyOf } from '../../src/budget/families.js';
import { table } from '../../src/cli/models.js';
import { costUsd } from '../../src/providers/common.js';

describe('model catalog', () => {
  it('takes the longest matching prefix', () => {
    assert.equal(lookupModel('anthropic:claude-opus-4-1-20250805')?.match, 'anthropic:claude-opus-4-1');
    assert.equal(lookupModel('anthropic:claude-opus-4-20250514')?.match, 'anthropic:claude-opus-4');
    assert.equal(lookupModel('openai:o3-mini')?.match, 'openai:o3-mini');
    assert.equal(lookupModel('nobody:x'), undefined);
  });

  it('agrees with the capability table on which Claude models are adaptive-only', () => {
    for (const m of allModels().filter((x) => x.match.startsWith('anthropic:'))) {
      const adaptive = familyOf(m.match).kind === 'anthropic-adaptive';
      assert.equal(m.budgetControl === 'adaptive', adaptive, m.match);
    }
  });

  it('prices every OpenAI and Anthropic model it lists except invitation-only ones, with a batch discount', () => {
    for (const m of allModels().filter(
      (x) => /^(openai|anthropic):/.test(x.match) && !/preview/.test(x.match),
    )) {
      assert.ok(m.prices && m.prices.input > 0 && m.prices.output > 0, m.match);
      assert.equal(m.prices?.batchDiscount, 0.5, m.match);
    }
  });

  it('lets config prices override the catalog', () => {
    const usage = { input: 1_000_000, output: 1_000_000, reasoning: 0, reasoningSource: 'none' as const };
    assert.equal(costUsd({ id: 'openai:o3' }, usage), 2 + 8);
    assert.equal(costUsd({ id: 'openai:o3', prices: { input: 1, output: 1 } }, usage), 2);
    assert.equal(costUsd({ id: 'openai-compatible:x' }, usage), undefined);
  });

  it('prints one aligned row per model for `models list`', () => {
    const lines = table(allModels());
    assert.equal(lines.length, allModels().length + 1);
    assert.match(
      lines[0],
      /^MODEL\s+BUDGET\s+STATUS\s+CONTEXT\s+MAX OUT\s+IN \$\/M\s+OUT \$\/M\s+BATCH\s+NOTES$/,
    );
    const sol = lines.find((l) => l.startsWith('openai:gpt-5.6-sol '));
    assert.match(sol ?? '', /^openai:gpt-5\.6-sol\s+effort\s+current\s+1050K\s+128K\s+5\s+30\s+-50%/);
    const sonnet = lines.find((l) => l.startsWith('anthropic:claude-sonnet-4-5 '));
    assert.match(sonnet ?? '', /\sretired 2026-11-30 → anthropic:claude-sonnet-5-5\s/);
  });
});
