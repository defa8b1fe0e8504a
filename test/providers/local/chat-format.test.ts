import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import {
  CHATML_TEMPLATE,
  type ChatFormat,
  detectDelimiters,
  renderPrompt,
} from '../../../src/providers/local/chat-format.js';
import { UserError } from '../../../src/util/errors.js';

// Small templates in the shape of the real families (written here, not copied).
const QWEN3_LIKE =
  "{%- for m in messages -%}{{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{%- endfor -%}" +
  "{%- if add_generation_prompt -%}{{ '<|im_start|>assistant\\n' }}" +
  "{%- if enable_thinking is defined and enable_thinking is false -%}{{ '<think>\\n\\n</think>\\n\\n' }}{%- endif -%}" +
  '{%- endif -%}';
const R1_LIKE =
  "{{ bos_token }}{%- if messages[0].role == 'system' -%}{{ messages[0].content }}{%- endif -%}" +
  "{%- for m in messages -%}{%- if m.role == 'user' -%}{{ '<｜User｜>' + m.content }}{%- endif -%}{%- endfor -%}" +
  "{%- if add_generation_prompt -%}{{ '<｜Assistant｜><think>\\n' }}{%- endif -%}";
const NO_SYSTEM =
  "{%- for m in messages -%}{%- if m.role == 'system' -%}{{ raise_exception('System role not supported') }}{%- endif -%}" +
  "{{ '<start_of_turn>' + m.role + '\\n' + m.content + '<end_of_turn>\\n' }}{%- endfor -%}" +
  "{%- if add_generation_prompt -%}{{ '<start_of_turn>model\\n' }}{%- endif -%}";

const think = { open: '<think>', close: '</think>' };
const never = () => false;

describe('detectDelimiters', () => {
  it('finds <think> in Qwen3- and R1-style templates', () => {
    assert.deepEqual(detectDelimiters(QWEN3_LIKE, never), { delimiters: think, assumed: false });
    assert.deepEqual(detectDelimiters(R1_LIKE, never), { delimiters: think, assumed: false });
  });

  it('falls back to the vocabulary, then to <think> (marked as assumed)', () => {
    const magistral = detectDelimiters(CHATML_TEMPLATE, (s) => s === '[/THINK]');
    assert.deepEqual(magistral, { delimiters: { open: '[THINK]', close: '[/THINK]' }, assumed: false });
    assert.deepEqual(detectDelimiters(undefined, never), { delimiters: think, assumed: true });
  });

  it('takes the config override, whole or in part', () => {
    const both = detectDelimiters(QWEN3_LIKE, never, { open: '<reason>', close: '</reason>' });
    assert.deepEqual(both.delimiters, { open: '<reason>', close: '</reason>' });
    const half = detectDelimiters(QWEN3_LIKE, never, { close: '</t>' });
    assert.deepEqual(half.delimiters, { open: '<think>', close: '</t>' });
  });
});

describe('renderPrompt', () => {
  const fmt = (template: string, bosToken?: string): ChatFormat => ({
    template,
    bosToken,
    delimiters: think,
  });

  it('renders the fixture template, which opens the think block itself', () => {
    const tpl = readFileSync(
      resolve(import.meta.dirname, '../../fixtures/tiny-gguf/think-template.jinja'),
      'utf8',
    );
    const r = renderPrompt(fmt(tpl), 'Be brief.', 'What is 2+2?');
    assert.equal(
      r.text,
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n',
    );
    assert.equal(r.opened, true);
  });

  it('Qwen3 style: thinking is on, the block is left for the model (opened false)', () => {
    const r = renderPrompt(fmt(QWEN3_LIKE), 'S', 'U');
    assert.equal(
      r.text,
      '<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n',
    );
    assert.equal(r.opened, false);
  });

  it('R1 style: the leading BOS string is dropped (the tokenizer adds BOS) and the block is open', () => {
    const r = renderPrompt(fmt(R1_LIKE, '<｜begin▁of▁sentence｜>'), 'S', 'U');
    assert.equal(r.text, 'S<｜User｜>U<｜Assistant｜><think>\n');
    assert.equal(r.opened, true);
  });

  it('folds the system prompt into the user turn when the template has no system role', () => {
    const r = renderPrompt(fmt(NO_SYSTEM), 'Rules.', 'Question?');
    assert.equal(r.text, '<start_of_turn>user\nRules.\n\nQuestion?<end_of_turn>\n<start_of_turn>model\n');
    assert.match(r.note ?? '', /no system role/);
  });

  it('a template that does not parse is a UserError naming options.chatTemplate', () => {
    assert.throws(
      () => renderPrompt(fmt('{% for m in messages %}'), 'S', 'U'),
      (e: unknown) => {
        return e instanceof UserError && /options\.chatTemplate/.test(e.message);
      },
    );
  });
});
