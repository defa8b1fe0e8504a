import { openaiReply } from './openai-server.js';
import { type ProtocolServer, startProtocolServer } from './protocol-server.js';

export interface GatedServer {
  server: ProtocolServer;
  /** Lets `n` more completions be answered (Infinity: all that remain). */
  allow(n: number): void;
  /** Completions answered so far. */
  answered(): number;
  /** The run flags that point `openai-compatible:<name>` here, with the budget mode its answers read. */
  modelArgs(name: string): string[];
}

/**
 * A loopback OpenAI-compatible server (a run reaches it with `modelArgs`) that answers only as many
 * completions as the test has let through; the rest wait at the server. A sweep against it stops
 * exactly where the test says, however fast or slow the host, so a test can look at, kill or
 * interrupt a run half written without racing it. (Sim sweeps stopped by a signal raced the test:
 * on a loaded host they had stored every sample before the signal came.)
 *
 * Its answers depend only on the budget, so two runs of the same plan score alike: right below
 * 1,024 tokens and wrong from there, with longer thinking at larger budgets.
 */
export async function startGatedServer(): Promise<GatedServer> {
  let allowed = 0;
  let answered = 0;
  let waiting: (() => void)[] = [];
  const server = await startProtocolServer(async (req) => {
    // Only answers are gated: the client's other calls (a tokenizer probe) pass.
    if (req.path !== '/v1/chat/completions') return openaiReply(req, {});
    while (allowed <= 0) await new Promise<void>((r) => waiting.push(r));
    allowed--;
    answered++;
    const budget = Number((req.body as { thinking_token_budget?: number }).thinking_token_budget ?? 0);
    return openaiReply(req, {
      turn: () => ({
        text: budget < 1024 ? '<answer>2</answer>' : '<answer>5</answer>',
        reasoning: 'step '.repeat(1 + budget / 64),
        reasoningTokens: Math.round(budget * 0.8),
      }),
    });
  });
  return {
    server,
    allow(n: number) {
      allowed += n;
      const w = waiting;
      waiting = [];
      for (const r of w) r();
    },
    answered: () => answered,
    // vLLM's budget field carries the budget its answers depend on.
    modelArgs: (name) => [
      '--model',
      `openai-compatible:${name}`,
      '--base-url',
      `${server.url}/v1`,
      '--budget-mode',
      'vllm',
    ],
  };
}
