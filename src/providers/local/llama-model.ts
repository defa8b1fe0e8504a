import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token, TokenBias } from 'node-llama-cpp';
import { ProviderError, UserError } from '../../util/errors.js';
import { importPackage } from '../../util/import-package.js';
import { CHATML_TEMPLATE, type ChatFormat, detectDelimiters } from './chat-format.js';
import { continuationTokens } from './llama-backend.js';
import type { ForcingConfig } from './options.js';

/**
 * One GGUF model loaded with node-llama-cpp, with one context holding `parallel` sequences that samples
 * borrow in turn. No GPU probing unless asked (`gpu: false`) and never a download or a build at run time
 * (`build: 'never'`, `skipDownload`). Threads are set explicitly: node-llama-cpp's default of 4 on a
 * 2-core machine is hundreds of times slower.
 */
export interface LoadedModel {
  model: LlamaModel;
  format: ChatFormat;
  contextSize: number;
  threads: number;
  acquire(): Promise<LlamaContextSequence>;
  release(seq: LlamaContextSequence): void;
  dispose(): Promise<void>;
}

/** At most this many tokens of context by default: enough for a 16k budget plus headroom. */
const DEFAULT_MAX_CONTEXT = 32768;

type LlamaLib = typeof import('node-llama-cpp');
let llamaLib: Promise<LlamaLib> | undefined;
/** node-llama-cpp (an ES module with top-level await) loads on first use. */
const loadLlamaLib = (): Promise<LlamaLib> => (llamaLib ??= importPackage<LlamaLib>('node-llama-cpp'));

const llamas = new Map<string, Promise<Llama>>();

/** One Llama instance per (gpu, threads), shared by every local model of the process. */
function llamaFor(gpu: boolean, threads: number): Promise<Llama> {
  const key = `${gpu}:${threads}`;
  let l = llamas.get(key);
  if (!l) {
    l = loadLlamaLib().then((lib) =>
      lib.getLlama({
        gpu: gpu ? 'auto' : false,
        build: 'never',
        skipDownload: true,
        maxThreads: threads,
        logLevel: lib.LlamaLogLevel.error,
        progressLogs: false,
      }),
    );
    llamas.set(key, l);
    l.catch(() => llamas.delete(key));
  }
  return l;
}

export async function loadLocalModel(path: string, spec: string, cfg: ForcingConfig): Promise<LoadedModel> {
  let llama: Llama;
  try {
    llama = await llamaFor(cfg.gpu, cfg.threads);
  } catch (err) {
    throw new UserError(`${spec}: node-llama-cpp has no prebuilt binary for this machine (${msg(err)})`);
  }
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: path });
  } catch (err) {
    throw new ProviderError(`${spec}: cannot load ${path}: ${msg(err)}`, 'bad_request', false);
  }
  const contextSize = cfg.contextSize ?? Math.min(model.trainContextSize, DEFAULT_MAX_CONTEXT);
  let context: LlamaContext;
  try {
    context = await model.createContext({ contextSize, sequences: cfg.parallel, threads: cfg.threads });
  } catch (err) {
    await model.dispose();
    throw new ProviderError(
      `${spec}: cannot create a context of ${contextSize} tokens (set options.contextSize): ${msg(err)}`,
      'other',
      false,
    );
  }
  const free: LlamaContextSequence[] = [];
  for (let i = 0; i < cfg.parallel; i++) free.push(context.getSequence());
  const waiting: ((s: LlamaContextSequence) => void)[] = [];

  return {
    model,
    format: chatFormatOf(model, cfg),
    contextSize,
    threads: cfg.threads,
    acquire: () => {
      const s = free.pop();
      return s ? Promise.resolve(s) : new Promise((res) => waiting.push(res));
    },
    release: (s) => {
      const w = waiting.shift();
      if (w) w(s);
      else free.push(s);
    },
    dispose: async () => {
      await context.dispose();
      await model.dispose();
    },
  };
}

/** Template and delimiters from the GGUF metadata (`tokenizer.chat_template`, the vocabulary). */
export function chatFormatOf(model: LlamaModel, cfg: ForcingConfig): ChatFormat {
  const meta = model.fileInfo.metadata as unknown as { tokenizer?: { chat_template?: unknown } };
  const fromFile = meta.tokenizer?.chat_template;
  const template = cfg.chatTemplate ?? (typeof fromFile === 'string' ? fromFile : undefined);
  const isSingle = (s: string) => model.tokenize(s, true).length === 1;
  const { delimiters, assumed } = detectDelimiters(template, isSingle, cfg.delimiterOverride);
  const notes: string[] = [];
  if (!template) notes.push('the model file has no chat template: used ChatML');
  if (assumed)
    notes.push(`no thinking delimiters found in the model: assumed ${delimiters.open}…${delimiters.close}`);
  return {
    template: template ?? CHATML_TEMPLATE,
    bosToken: cfg.bosToken ?? model.tokens.bosString ?? undefined,
    eosToken: cfg.eosToken ?? model.tokens.eosString ?? undefined,
    delimiters,
    note: notes.length ? notes.join('; ') : undefined,
  };
}

/** The rendered prompt as tokens, with BOS when the model wants one. */
export function promptTokens(model: LlamaModel, text: string): Token[] {
  const tokens = model.tokenize(text, true);
  const bos = model.tokens.bos;
  if (model.tokens.shouldPrependBosToken && bos !== null && tokens[0] !== bos) tokens.unshift(bos);
  return tokens;
}

/** `options.logitBias` as node-llama-cpp token biases (added to the logits). */
export async function tokenBiasOf(
  model: LlamaModel,
  bias: Record<string, number>,
): Promise<TokenBias | undefined> {
  const entries = Object.entries(bias);
  if (entries.length === 0) return undefined;
  const tb = (await loadLlamaLib()).TokenBias.for(model);
  for (const [text, logit] of entries) tb.set(continuationTokens(model, text), { logit });
  return tb;
}

function msg(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
