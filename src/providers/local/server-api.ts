import { ProviderError } from '../../util/errors.js';
import { headerGetter, httpError, oneLine, toProviderError } from '../provider-errors.js';

/**
 * The raw-completion side of an OpenAI-compatible server (llama.cpp's llama-server, vLLM): `POST
 * /v1/completions`, `POST /tokenize` (llama.cpp: `{content, add_special, parse_special}` → `{tokens}`;
 * vLLM: `{model, prompt, add_special_tokens}` → `{tokens, count}`) and llama.cpp's `GET /props` (chat
 * template, BOS/EOS). The tokenize dialect that answers first is remembered.
 */
export interface ServerProps {
  chatTemplate?: string;
  bosToken?: string;
  eosToken?: string;
}

export interface Completion {
  text: string;
  /** 'length' when max_tokens ran out; 'stop' for a stop string or end of turn. */
  finishReason: string;
  completionTokens: number;
  promptTokens: number;
}

type Dialect = 'llamacpp' | 'vllm';
const NOT_THIS_DIALECT = new Set([400, 404, 405, 422]);

export class CompletionServer {
  private dialect: Dialect | undefined;

  constructor(
    /** e.g. 'http://127.0.0.1:8080' (no /v1). */
    readonly origin: string,
    readonly served: string,
    private readonly apiKey: string | undefined,
    private readonly label: string,
  ) {}

  /** llama.cpp's `/props`; undefined when the server has none (vLLM). */
  async props(signal: AbortSignal): Promise<ServerProps | undefined> {
    const res = await this.fetch('/props', undefined, signal);
    if (!res.ok) {
      await res.body?.cancel();
      if (NOT_THIS_DIALECT.has(res.status)) return undefined;
      throw httpError(this.label, res.status, `GET /props: ${res.statusText}`, headerGetter(res.headers));
    }
    const d = (await res.json()) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    return { chatTemplate: str(d.chat_template), bosToken: str(d.bos_token), eosToken: str(d.eos_token) };
  }

  /** Token ids of `text` with the served model's tokenizer; special-token text is parsed as such. */
  async tokenize(text: string, addSpecial: boolean, signal: AbortSignal): Promise<number[]> {
    const dialects: Dialect[] = this.dialect ? [this.dialect] : ['llamacpp', 'vllm'];
    for (const dialect of dialects) {
      const body =
        dialect === 'llamacpp'
          ? { content: text, add_special: addSpecial, parse_special: true }
          : { model: this.served, prompt: text, add_special_tokens: addSpecial };
      const res = await this.fetch('/tokenize', body, signal);
      if (!res.ok) {
        const detail = oneLine(await res.text().catch(() => ''));
        if (!this.dialect && NOT_THIS_DIALECT.has(res.status)) continue;
        throw httpError(this.label, res.status, `POST /tokenize: ${detail}`, headerGetter(res.headers));
      }
      const ids = tokenIds(await res.json());
      if (ids) {
        this.dialect = dialect;
        return ids;
      }
    }
    throw new ProviderError(
      `${this.label}: ${this.origin} answers no POST /tokenize: exact forcing needs the server's tokenizer`,
      'bad_request',
      false,
    );
  }

  async complete(body: Record<string, unknown>, signal: AbortSignal): Promise<Completion> {
    const res = await this.fetch('/v1/completions', { model: this.served, stream: false, ...body }, signal);
    if (!res.ok) {
      const detail = await res.text().catch(() => '');
      throw httpError(this.label, res.status, `POST /v1/completions: ${detail}`, headerGetter(res.headers));
    }
    const d = (await res.json()) as {
      choices?: { text?: unknown; finish_reason?: unknown }[];
      usage?: { completion_tokens?: unknown; prompt_tokens?: unknown };
    };
    const choice = d.choices?.[0];
    if (!choice || typeof choice.text !== 'string') {
      throw new ProviderError(`${this.label}: /v1/completions returned no text`, 'bad_response', true);
    }
    const num = (v: unknown) => (typeof v === 'number' ? v : 0);
    return {
      text: choice.text,
      finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : 'stop',
      completionTokens: num(d.usage?.completion_tokens),
      promptTokens: num(d.usage?.prompt_tokens),
    };
  }

  private async fetch(path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    try {
      return await fetch(`${this.origin}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (err) {
      throw toProviderError(err, signal, this.label);
    }
  }
}

/** `{tokens: [1, 2]}`, `{tokens: [{id: 1, piece: 'a'}]}` (llama.cpp with_pieces) → ids. */
function tokenIds(data: unknown): number[] | undefined {
  const tokens = (data as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(tokens)) return undefined;
  const ids = tokens.map((t) => (typeof t === 'number' ? t : (t as { id?: unknown } | null)?.id));
  return ids.every((t): t is number => typeof t === 'number') ? ids : undefined;
}
