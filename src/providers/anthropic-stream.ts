import { AnthropicError, APIUserAbortError } from '@anthropic-ai/sdk';
import { partialParse } from '@anthropic-ai/sdk/_vendor/partial-json-parser/parser.mjs';
import type { Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { Stream } from '@anthropic-ai/sdk/streaming';

/**
 * A streamed Messages API response put back together as the `Message` the SDK's
 * `MessageStream.finalMessage()` gives for the same events, without its cost on long traces: it copies
 * the block and concatenates the text on every delta, through an event emitter; here the pieces of
 * each block are kept in an array and joined once, when the message ends (docs/PERFORMANCE.md).
 *
 * The wire, as documented (Anthropic, "Streaming Messages", docs.anthropic.com/en/docs/build-with-claude/streaming,
 * "Event types"): `message_start` holds a Message with empty `content`; then each content block is a
 * `content_block_start`, `content_block_delta`s (`text_delta`, `thinking_delta`, `signature_delta`,
 * `input_json_delta`, `citations_delta`) and a `content_block_stop`, its `index` the block's place
 * in the final `content`; one or more `message_delta`s carry top-level changes (`stop_reason`…) and
 * "the token counts shown in the usage field of the message_delta event are cumulative"; a final
 * `message_stop`. `ping` and `error` events may come at any time (the SDK's `Stream` skips pings and
 * throws an error event as an APIError with its `error.type`); unknown event types are ignored.
 *
 * What the SDK (v1.14, lib/MessageStream) does with them, and so this does too:
 * - the message is message_start's, mutated: message_delta sets `stop_reason`, `stop_sequence` and
 *   `stop_details` (even when absent), `usage.output_tokens`, and overwrites each other usage counter
 *   (`input_tokens`, cache fields, `server_tool_use`, `output_tokens_details`) only when present;
 *   `container` only when non-null;
 * - a block starts as a shallow copy of content_block_start's; a delta applies only to a block of
 *   the matching type at `index` (text: text and citations; thinking: thinking and signature, the
 *   last signature wins; tool_use and server_tool_use: the JSON, parsed leniently into `input`);
 * - the final message is `{...message, parsed_output: null}`, the SDK's parse helper's field; kept so
 *   that a stored raw body is what it was before this file;
 * - a second message_start before the stream ends, a stream with no message_stop, and one with no
 *   message_start throw the SDK's own AnthropicError messages, so they are classified as before.
 * One difference: events after message_stop are ignored (a real stream has none; the SDK would keep
 * folding a late message_delta's usage into the message it already returned).
 */

type Rec = Record<string, unknown>;

/** One block's growing field: its value before the first delta, and the pieces since. */
interface Growing {
  field: 'text' | 'thinking' | 'input';
  base: string;
  parts: string[];
}

export class AnthropicStreamAssembler {
  private message: Rec | undefined;
  private readonly growing: Array<Growing | undefined> = [];
  private final: Message | undefined;

  /** Takes one event as the SDK's `Stream` yields it (pings and error events never reach here). */
  push(event: RawMessageStreamEvent): void {
    const ev = event as unknown as Rec;
    if (ev.type === 'message_start') {
      if (this.message) {
        throw new AnthropicError('Unexpected event order, got message_start before receiving "message_stop"');
      }
      this.message = ev.message as Rec | undefined;
      return;
    }
    const m = this.message;
    if (!m || this.final) return;
    switch (ev.type) {
      case 'content_block_start':
        (m.content as Rec[]).push({ ...(ev.content_block as Rec) });
        return;
      case 'content_block_delta':
        this.delta(m.content as Rec[], ev.index, ev.delta as Rec);
        return;
      case 'message_delta':
        messageDelta(m, ev.delta as Rec, ev.usage as Rec);
        return;
      case 'message_stop':
        this.final = this.assembled(m);
        return;
    }
  }

  /** The final message; throws the SDK's error when the stream ended before message_stop. */
  finish(): Message {
    if (this.final) return this.final;
    if (!this.message) throw new AnthropicError('request ended without sending any chunks');
    throw new AnthropicError('stream ended without producing a Message with role=assistant');
  }

  private delta(content: Rec[], index: unknown, delta: Rec): void {
    const i = index as number;
    const block = Number.isInteger(i) && i >= 0 && i < content.length ? content[i] : undefined;
    const type = delta.type;
    if (!block) return;
    if (type === 'text_delta' && block.type === 'text') this.grow(i, block, 'text', delta.text);
    else if (type === 'thinking_delta' && block.type === 'thinking') {
      this.grow(i, block, 'thinking', delta.thinking);
    } else if (type === 'signature_delta' && block.type === 'thinking') block.signature = delta.signature;
    else if (type === 'citations_delta' && block.type === 'text') {
      block.citations = [...((block.citations as unknown[] | null | undefined) ?? []), delta.citation];
    } else if (
      type === 'input_json_delta' &&
      (block.type === 'tool_use' || block.type === 'server_tool_use')
    ) {
      this.grow(i, block, 'input', delta.partial_json);
    }
  }

  private grow(i: number, block: Rec, field: Growing['field'], piece: unknown): void {
    let g = this.growing[i];
    if (!g) {
      // The SDK's first delta fixes the base and where the field sits among the block's keys.
      const before = block[field];
      const base = field === 'text' ? String(before || '') : field === 'thinking' ? String(before) : '';
      if (field === 'input') delete block.input;
      block[field] = undefined;
      g = { field, base, parts: [] };
      this.growing[i] = g;
    }
    g.parts.push(typeof piece === 'string' ? piece : String(piece));
  }

  private assembled(m: Rec): Message {
    const content = m.content as Rec[];
    for (let i = 0; i < this.growing.length; i++) {
      const g = this.growing[i];
      if (!g) continue;
      const joined = g.base + g.parts.join('');
      content[i][g.field] = g.field === 'input' ? (joined ? partialParse(joined) : {}) : joined;
    }
    return { ...m, content, parsed_output: null } as unknown as Message;
  }
}

function messageDelta(m: Rec, delta: Rec, usage: Rec): void {
  m.stop_reason = delta.stop_reason;
  m.stop_sequence = delta.stop_sequence;
  m.stop_details = delta.stop_details;
  const u = m.usage as Rec;
  u.output_tokens = usage.output_tokens;
  if (delta.container != null) m.container = delta.container;
  for (const k of [
    'input_tokens',
    'cache_creation_input_tokens',
    'cache_read_input_tokens',
    'server_tool_use',
    'output_tokens_details',
  ]) {
    if (usage[k] != null) u[k] = usage[k];
  }
}

/** Reads the SDK's raw event stream to its end and returns the final message. */
export async function assembleStream(events: Stream<RawMessageStreamEvent>): Promise<Message> {
  const assembler = new AnthropicStreamAssembler();
  for await (const event of events) assembler.push(event);
  // The SDK's iterator ends quietly when the request is aborted; that is not a finished stream.
  if (events.controller.signal.aborted) throw new APIUserAbortError();
  return assembler.finish();
}
