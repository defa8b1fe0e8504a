import {
  type ProtocolServer,
  type RecordedRequest,
  type Reply,
  startProtocolServer,
} from './protocol-server.js';

/** Speaks Gemini's `POST /v1beta/models/{model}:generateContent`. */
export interface GeminiTurn {
  thought?: string;
  text?: string;
  finishReason?: string;
  promptTokens?: number;
  candidatesTokens?: number;
  /** usageMetadata.thoughtsTokenCount; left out when undefined. */
  thoughtsTokens?: number;
  blockReason?: string;
}

export const defaultGeminiTurn = (): GeminiTurn => ({
  thought: '**Counting** I count the fruit.',
  text: '<answer>2</answer>',
  finishReason: 'STOP',
  promptTokens: 20,
  candidatesTokens: 8,
  thoughtsTokens: 300,
});

export function startGeminiServer(
  turn: (body: Record<string, unknown>) => GeminiTurn = defaultGeminiTurn,
): Promise<ProtocolServer> {
  return startProtocolServer((req) => geminiReply(req, turn));
}

export function geminiReply(
  req: RecordedRequest,
  turn: (body: Record<string, unknown>) => GeminiTurn,
): Reply {
  if (req.method !== 'POST' || !/^\/v1beta\/models\/[^/:]+:generateContent$/.test(req.path)) {
    return { status: 404, json: { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } } };
  }
  const t = turn((req.body ?? {}) as Record<string, unknown>);
  const parts: Array<Record<string, unknown>> = [];
  if (t.thought !== undefined) parts.push({ text: t.thought, thought: true });
  if (t.text !== undefined) parts.push({ text: t.text });
  const usageMetadata: Record<string, unknown> = {
    promptTokenCount: t.promptTokens ?? 10,
    candidatesTokenCount: t.candidatesTokens ?? 10,
    totalTokenCount: (t.promptTokens ?? 10) + (t.candidatesTokens ?? 10) + (t.thoughtsTokens ?? 0),
  };
  if (t.thoughtsTokens !== undefined) usageMetadata.thoughtsTokenCount = t.thoughtsTokens;
  return {
    json: {
      candidates: t.blockReason
        ? []
        : [{ content: { role: 'model', parts }, finishReason: t.finishReason ?? 'STOP', index: 0 }],
      ...(t.blockReason ? { promptFeedback: { blockReason: t.blockReason } } : {}),
      usageMetadata,
      modelVersion: 'test',
    },
  };
}
