import { availableParallelism } from 'node:os';
import { OPEN_WEIGHTS_TEMPERATURE, OPEN_WEIGHTS_TOP_P } from '../../budget/compat.js';
import type { ModelConfig } from '../../config/schema.js';
import { UserError } from '../../util/errors.js';
import * as z from '../../util/zod.js';
import { FORCING_DEFAULTS, type ForcingMode } from './forcing.js';

/**
 * Options of the forcing providers (`local:` and openai-compatible with `forcing`), read from the model
 * entry: `forcing`, `maxExtensions`, `temperature`, `topP`, and `options.*` below.
 */
const optionsSchema = z
  .object({
    /** Sampling: top-k (0 = off, as in the paper's vLLM runs) and min-p (0 = off). */
    topK: z.number().int().min(0).optional(),
    minP: z.number().min(0).max(1).optional(),
    /** Output limit of the answer after a cut. */
    answerTokens: z.number().int().min(1).optional(),
    answerPrefix: z.string().optional(),
    extendText: z.string().min(1).optional(),
    thinkOpen: z.string().min(1).optional(),
    thinkClose: z.string().min(1).optional(),
    /** A jinja chat template overriding the model's (or the server's). */
    chatTemplate: z.string().min(1).optional(),
    bosToken: z.string().optional(),
    eosToken: z.string().optional(),
    /** Added to the logit of each token of each key, e.g. {"</think>": -2}. */
    logitBias: z.record(z.string().min(1), z.number()).optional(),
    /** local: CPU threads (default: the machine's available parallelism). */
    threads: z.number().int().min(1).optional(),
    /** local: context size in tokens (default: the model's training context, at most 32768). */
    contextSize: z.number().int().min(64).optional(),
    /** local: samples generated at once, each in its own sequence of one shared context. */
    parallel: z.number().int().min(1).max(64).optional(),
    /** local: allow a GPU (default off: no GPU probing). */
    gpu: z.boolean().optional(),
    /** local:hf: the repository revision to download. */
    revision: z.string().min(1).optional(),
    /** openai-compatible: served model name (default: the part after the prefix). */
    model: z.string().optional(),
  })
  .strict();

export interface ForcingConfig {
  mode: ForcingMode;
  maxExtensions: number;
  temperature: number;
  topP: number;
  topK: number;
  minP: number;
  answerTokens: number;
  answerPrefix: string;
  extendText: string;
  delimiterOverride: { open?: string; close?: string };
  chatTemplate?: string;
  bosToken?: string;
  eosToken?: string;
  logitBias: Record<string, number>;
  threads: number;
  contextSize?: number;
  parallel: number;
  gpu: boolean;
  revision: string;
}

export function forcingConfig(model: ModelConfig): ForcingConfig {
  const parsed = optionsSchema.safeParse(model.options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `.${issue.path.join('.')}` : '';
    throw new UserError(`models[${model.id}].options${where}: ${issue.message}`);
  }
  const o = parsed.data;
  return {
    mode: model.forcing ?? 'cut',
    maxExtensions: model.maxExtensions ?? FORCING_DEFAULTS.maxExtensions,
    temperature: model.temperature ?? OPEN_WEIGHTS_TEMPERATURE,
    topP: model.topP ?? OPEN_WEIGHTS_TOP_P,
    topK: o.topK ?? 0,
    minP: o.minP ?? 0,
    answerTokens: o.answerTokens ?? FORCING_DEFAULTS.answerTokens,
    answerPrefix: o.answerPrefix ?? FORCING_DEFAULTS.answerPrefix,
    extendText: o.extendText ?? FORCING_DEFAULTS.extendText,
    delimiterOverride: { open: o.thinkOpen, close: o.thinkClose },
    chatTemplate: o.chatTemplate,
    bosToken: o.bosToken,
    eosToken: o.eosToken,
    logitBias: o.logitBias ?? {},
    // node-llama-cpp's default (4) on a 2-core machine is hundreds of times slower: always set it.
    threads: o.threads ?? availableParallelism(),
    contextSize: o.contextSize,
    parallel: o.parallel ?? 1,
    gpu: o.gpu ?? false,
    revision: o.revision ?? 'main',
  };
}

/** The sampling part of sentParams, in the servers' names. */
export function samplingParams(c: ForcingConfig, seed: number): Record<string, unknown> {
  return { temperature: c.temperature, top_p: c.topP, top_k: c.topK, min_p: c.minP, seed };
}
