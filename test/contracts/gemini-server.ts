import { defaultGeminiTurn, type GeminiTurn, geminiReply } from '../helpers/gemini-server.js';
import {
  type ProtocolServer,
  type RecordedRequest,
  type Reply,
  startProtocolServer,
} from '../helpers/protocol-server.js';
import { checkAuth, checkGenerateContent, errorBody, type Refusal } from './gemini-rules.js';

/**
 * A strict loopback Gemini API: every generateContent request is held to the rules in gemini-rules.ts
 * and refused as Google does; valid ones get the permissive helper's answer
 * (test/helpers/gemini-server.ts).
 */

function reply(r: Refusal | undefined): Reply | undefined {
  return r && { status: r.code, json: errorBody(r) };
}

export function geminiGate(req: RecordedRequest): Reply | undefined {
  const m = /^\/v1beta\/models\/([^/:?]+):generateContent(\?|$)/.exec(req.path);
  if (!m) return undefined;
  return reply(checkAuth(req.headers, req.path) ?? checkGenerateContent(decodeURIComponent(m[1]), req.body));
}

export function startGeminiContractServer(
  turn: (body: Record<string, unknown>) => GeminiTurn = defaultGeminiTurn,
): Promise<ProtocolServer> {
  return startProtocolServer((req) => geminiReply(req, turn), geminiGate);
}
