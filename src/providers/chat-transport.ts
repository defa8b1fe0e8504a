import type OpenAI from 'openai';
import { importPackage } from '../util/import-package.js';
import { SDK_TIMEOUT_MS } from './chat-parse.js';
import { JsonClient } from './http-json.js';
import { ChatStreamAssembler } from './openai-compatible-stream.js';
import { headerGetter } from './provider-errors.js';
import type { HeaderGetter } from './rate-hint.js';

/**
 * How an OpenAI-compatible chat request reaches the server. `http` (the default) is a lean node:http
 * keep-alive client; `sdk` is the official openai SDK (fetch). Both send the same JSON body, return
 * the same parsed body and throw errors that `toProviderError` classifies alike. Choose with the
 * model option `client: 'sdk'`.
 */
export type TransportKind = 'http' | 'sdk';

export interface ChatTransport {
  /** POST /chat/completions; the parsed body, the response headers and (http) the body as received. */
  create(
    body: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<{ data: unknown; headers: HeaderGetter; text?: string }>;
  /**
   * POST /chat/completions with `stream: true`: the chunks assembled into the body the same request
   * returns without streaming (see openai-compatible-stream.ts). http only.
   */
  stream?(
    body: Record<string, unknown>,
    signal: AbortSignal,
    idleMs: number,
  ): Promise<{ data: Record<string, unknown>; headers: HeaderGetter }>;
  close(): void;
}

export function chatTransport(
  kind: TransportKind,
  baseURL: string,
  apiKey: string | undefined,
): ChatTransport {
  return kind === 'sdk' ? sdkTransport(baseURL, apiKey) : httpTransport(baseURL, apiKey);
}

function httpTransport(baseURL: string, apiKey: string | undefined): ChatTransport {
  const client = new JsonClient(baseURL, { authorization: `Bearer ${apiKey ?? 'none'}` });
  return {
    async create(body, signal) {
      const res = await client.post('/chat/completions', body, signal);
      return { data: res.body, headers: headerGetter(res.headers), text: res.text };
    },
    async stream(body, signal, idleMs) {
      const chunks = new ChatStreamAssembler();
      const res = await client.postStream('/chat/completions', body, signal, idleMs, (t) => chunks.push(t));
      return { data: chunks.finish(), headers: headerGetter(res.headers) };
    },
    close: () => client.close(),
  };
}

function sdkTransport(baseURL: string, apiKey: string | undefined): ChatTransport {
  // The SDK is loaded on first use, so the default path never pays for it at start-up.
  let client: Promise<OpenAI> | undefined;
  const load = async () => {
    const { default: SDK } = await importPackage<typeof import('openai')>('openai');
    return new SDK({
      apiKey: apiKey ?? 'none',
      baseURL,
      maxRetries: 0,
      timeout: SDK_TIMEOUT_MS,
      logLevel: 'off',
    });
  };
  return {
    async create(body, signal) {
      client ??= load();
      const { data, response } = await (await client).chat.completions
        .create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { signal })
        .withResponse();
      return { data, headers: headerGetter(response.headers) };
    },
    close() {},
  };
}
