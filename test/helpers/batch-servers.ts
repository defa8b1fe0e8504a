/**
 * Loopback servers for the two batch protocols: Anthropic Message Batches (anthropic-batch-server.ts)
 * and OpenAI Batch (openai-batch-server.ts), sharing their state and faults (batch-state.ts).
 * Each entry's fate is decided by `outcome(customId, body, n)`, where n counts earlier submissions of
 * the same custom_id, so "expired the first time, fine the second" is one line. Faults: 500s on the
 * next polls, a lost create reply, a results download cut half-way through a line.
 */
export { startAnthropicBatchServer } from './anthropic-batch-server.js';
export type { BatchServer, BatchServerOptions, EntryPlan, FakeBatch } from './batch-state.js';
export { startOpenAIBatchServer } from './openai-batch-server.js';
