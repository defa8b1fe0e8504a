import { Template } from '@huggingface/jinja';
import { UserError } from '../../util/errors.js';
import type { Delimiters } from './forcing.js';

/**
 * How a model wants its prompt: the chat template (jinja, from GGUF `tokenizer.chat_template`, a
 * server's `/props`, or config), its BOS/EOS strings, and the thinking delimiters. Shared by the local
 * provider and the raw-completion forcing provider.
 */
export interface ChatFormat {
  template: string;
  bosToken?: string;
  eosToken?: string;
  delimiters: Delimiters;
  /** Set when something was assumed (no template in the file, unknown delimiters). */
  note?: string;
}

/** Known reasoning delimiters, most common first. */
export const KNOWN_DELIMITERS: readonly Delimiters[] = [
  { open: '<think>', close: '</think>' }, // Qwen3, QwQ, DeepSeek-R1 and its distills
  { open: '<seed:think>', close: '</seed:think>' }, // ByteDance Seed-OSS
  { open: '[THINK]', close: '[/THINK]' }, // Mistral Magistral
  { open: '◁think▷', close: '◁/think▷' }, // Kimi
];

/** Plain ChatML, for model files that carry no template. */
export const CHATML_TEMPLATE =
  "{%- for m in messages -%}{{- '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' -}}{%- endfor -%}" +
  "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}";

/**
 * The thinking delimiters: the config's, else the first known pair that appears in the template,
 * else the first whose close is a single token of the vocabulary, else `<think>`/`</think>`.
 */
export function detectDelimiters(
  template: string | undefined,
  isSingleToken: (text: string) => boolean,
  override?: Partial<Delimiters>,
): { delimiters: Delimiters; assumed: boolean } {
  const pick = (d: Delimiters) => ({ open: override?.open ?? d.open, close: override?.close ?? d.close });
  if (override?.open && override.close) return { delimiters: pick(KNOWN_DELIMITERS[0]), assumed: false };
  const inTemplate = KNOWN_DELIMITERS.find((d) => template?.includes(d.close) || template?.includes(d.open));
  if (inTemplate) return { delimiters: pick(inTemplate), assumed: false };
  const inVocab = KNOWN_DELIMITERS.find((d) => isSingleToken(d.close));
  if (inVocab) return { delimiters: pick(inVocab), assumed: false };
  return { delimiters: pick(KNOWN_DELIMITERS[0]), assumed: true };
}

export interface RenderedPrompt {
  /** The prompt text, without a leading BOS string (the tokenizer or server adds BOS itself). */
  text: string;
  /** The template's generation prompt already opened the think block. */
  opened: boolean;
  /** Set when the system prompt had to be folded into the user turn. */
  note?: string;
}

const compiled = new Map<string, Template>();

function templateOf(source: string): Template {
  let t = compiled.get(source);
  if (!t) {
    try {
      t = new Template(source);
    } catch (err) {
      throw new UserError(`chat template does not parse (${message(err)}): set options.chatTemplate`);
    }
    compiled.set(source, t);
  }
  return t;
}

/** Renders system + user with the generation prompt. Templates without a system role get it folded in. */
export function renderPrompt(fmt: ChatFormat, system: string, user: string): RenderedPrompt {
  const t = templateOf(fmt.template);
  const vars = {
    add_generation_prompt: true,
    bos_token: fmt.bosToken ?? '',
    eos_token: fmt.eosToken ?? '',
    enable_thinking: true,
  };
  let text: string;
  let note: string | undefined;
  const withSystem = system
    ? [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ]
    : [{ role: 'user', content: user }];
  try {
    text = t.render({ ...vars, messages: withSystem });
  } catch (first) {
    if (!system) throw new UserError(`chat template failed to render: ${message(first)}`);
    try {
      text = t.render({ ...vars, messages: [{ role: 'user', content: `${system}\n\n${user}` }] });
      note = 'the chat template has no system role: the system prompt was put at the start of the user turn';
    } catch (err) {
      throw new UserError(`chat template failed to render: ${message(err)} (set options.chatTemplate)`);
    }
  }
  if (fmt.bosToken && text.startsWith(fmt.bosToken)) text = text.slice(fmt.bosToken.length);
  return { text, opened: text.trimEnd().endsWith(fmt.delimiters.open), note };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
