import type { ReasoningSource } from '../../core/response.js';
import type { GenerateRequest, GenerateResponse, ProviderCapabilities } from '../types.js';
import type { ChatFormat, RenderedPrompt } from './chat-format.js';
import type { ForcingOutcome, ForcingSettings } from './forcing.js';
import { type ForcingConfig, samplingParams } from './options.js';
import { isScheduled, schedulerRecord } from './scheduled.js';

/** What a forcing provider (local or raw-completion) can do: exact budgets unless `natural`, and probes. */
export function forcingCapabilities(cfg: ForcingConfig): ProviderCapabilities {
  return {
    budgetControl: cfg.mode === 'natural' ? 'prompt' : 'forced',
    returnsReasoningText: true,
    returnsReasoningTokens: true,
    simulated: false,
    scheduler: true,
  };
}

/** Settings of one sample for the forcing algorithm. */
export function forcingSettings(
  cfg: ForcingConfig,
  req: GenerateRequest,
  fmt: ChatFormat,
  rendered: RenderedPrompt,
): ForcingSettings {
  return {
    mode: cfg.mode,
    budget: req.budget,
    maxExtensions: cfg.maxExtensions,
    answerTokens: cfg.answerTokens,
    maxTokens: req.maxTokens,
    delimiters: fmt.delimiters,
    openedByTemplate: rendered.opened,
    answerPrefix: cfg.answerPrefix,
    extendText: cfg.extendText,
  };
}

/**
 * The stored response of a forced sample: text = the answer segment (with the forced prefix, so an
 * `<answer>` opened by it can be extracted), reasoningText = the thought segment, and a reasoning count
 * labelled 'forced' whenever the budget was enforced ('tokenizer' for natural reasoning: still an exact
 * count with the model's own tokenizer, but nothing was forced).
 */
export function forcedResponse(args: {
  cfg: ForcingConfig;
  req: GenerateRequest;
  fmt: ChatFormat;
  rendered: RenderedPrompt;
  outcome: ForcingOutcome;
  promptTokens: number;
  latencyMs: number;
  raw: Record<string, unknown>;
  extraParams?: Record<string, unknown>;
}): GenerateResponse {
  const { cfg, req, fmt, rendered, outcome: o } = args;
  // The scheduler enforces its ceiling whatever the forcing mode.
  const enforced =
    req.budget === 0 ||
    req.scheduler !== undefined ||
    (cfg.mode !== 'natural' && typeof req.budget === 'number');
  const scheduled = isScheduled(o) ? schedulerRecord(o) : undefined;
  const source: ReasoningSource = enforced ? 'forced' : 'tokenizer';
  const notes = [fmt.note, rendered.note, ...o.notes].filter((n): n is string => Boolean(n));
  return {
    text: o.answer,
    reasoningText: o.thought || undefined,
    usage: {
      input: args.promptTokens,
      output: o.thoughtTokens + o.answerTokens,
      reasoning: o.thoughtTokens,
      reasoningSource: source,
    },
    stopReason: o.stopReason,
    latencyMs: args.latencyMs,
    costUsd: 0,
    raw: {
      ...args.raw,
      promptTokens: args.promptTokens,
      thoughtTokens: o.thoughtTokens,
      answerTokens: o.answerTokens,
      extensions: o.extensions,
      end: o.end,
      ...(scheduled ? { scheduler: scheduled } : {}),
    },
    sentParams: {
      forcing: cfg.mode,
      budget: req.budget,
      ...(req.scheduler ? { scheduler: req.scheduler } : {}),
      ...(cfg.mode === 'cut+extend' ? { maxExtensions: cfg.maxExtensions } : {}),
      extensionsUsed: o.extensions,
      reasoningEnd: o.end,
      ...(o.forcedAnswer ? { answerPrefix: cfg.answerPrefix, answerTokens: cfg.answerTokens } : {}),
      maxTokens: req.maxTokens,
      thinkOpen: fmt.delimiters.open,
      thinkClose: fmt.delimiters.close,
      ...samplingParams(cfg, req.seed),
      ...(Object.keys(cfg.logitBias).length ? { logitBias: cfg.logitBias } : {}),
      ...args.extraParams,
    },
    budgetNote: notes.length ? notes.join('; ') : undefined,
  };
}
