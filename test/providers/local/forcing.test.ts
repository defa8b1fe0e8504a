import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  extensionText,
  type ForcingBackend,
  type ForcingSettings,
  runForcing,
  type Segment,
} from '../../../src/providers/local/forcing.js';

/**
 * A scripted backend: one character is one token. In the think phase the "model" writes 't' and tries
 * to close its reasoning after each count of sampled tokens listed in `closeAfter`; in the answer phase
 * it writes `answerLen` 'a's and ends its turn.
 */
class ScriptedBackend implements ForcingBackend {
  readonly notes: string[] = [];
  body = '';
  sampledThink = 0;
  calls: string[] = [];
  constructor(
    private readonly closeAfter: number[],
    private readonly answerLen = 5,
  ) {}

  async sample(phase: 'think' | 'answer', maxTokens: number): Promise<Segment> {
    this.calls.push(`${phase}:${maxTokens}`);
    let text = '';
    if (phase === 'answer') {
      const n = Math.min(maxTokens, this.answerLen);
      text = 'a'.repeat(n);
      this.body += text;
      return { text, tokens: n, stop: n < this.answerLen ? 'limit' : 'end' };
    }
    while (text.length < maxTokens) {
      const at = this.closeAfter.indexOf(this.sampledThink);
      if (at >= 0) {
        this.closeAfter.splice(at, 1);
        this.body += text;
        return { text, tokens: text.length, stop: 'close' };
      }
      text += 't';
      this.sampledThink++;
    }
    this.body += text;
    return { text, tokens: text.length, stop: 'limit' };
  }

  async insert(text: string, limit?: number): Promise<{ text: string; tokens: number }> {
    const t = limit === undefined ? text : text.slice(0, limit);
    this.body += t;
    return { text: t, tokens: t.length };
  }
}

function settings(over: Partial<ForcingSettings>): ForcingSettings {
  return {
    mode: 'cut',
    budget: 10,
    maxExtensions: 3,
    answerTokens: 4,
    maxTokens: 100,
    delimiters: { open: '<think>', close: '</think>' },
    openedByTemplate: true,
    answerPrefix: 'Final answer: <answer>',
    extendText: 'Wait',
    ...over,
  };
}

describe('runForcing', () => {
  it('cut: stops at exactly N thought tokens, then forces the close and the answer prefix', async () => {
    const b = new ScriptedBackend([]);
    const o = await runForcing(b, settings({ budget: 10 }));
    assert.equal(o.thoughtTokens, 10);
    assert.equal(o.thought, 't'.repeat(10));
    assert.equal(o.end, 'budget');
    assert.equal(o.forcedAnswer, true);
    assert.equal(o.answer, 'Final answer: <answer>aaaa');
    assert.equal(o.answerTokens, 4);
    assert.equal(o.stopReason, 'max_tokens', 'the answer ran into its own limit of 4');
    assert.equal(b.body, `${'t'.repeat(10)}\n</think>\n\nFinal answer: <answer>aaaa`);
    assert.deepEqual(b.calls, ['think:10', 'answer:4']);
  });

  it('cut: an early close is kept and the model answers freely within the total limit', async () => {
    const b = new ScriptedBackend([3]);
    const o = await runForcing(b, settings({ budget: 10, maxTokens: 50 }));
    assert.equal(o.thoughtTokens, 3);
    assert.equal(o.end, 'model');
    assert.equal(o.forcedAnswer, false);
    assert.equal(o.answer, 'aaaaa');
    assert.equal(o.stopReason, 'end');
    assert.equal(b.body, 'ttt</think>aaaaa');
    assert.deepEqual(b.calls, ['think:10', 'answer:47']);
    assert.deepEqual(o.notes, []);
  });

  it('cut+extend: suppresses early closes with "Wait" and still holds exactly N', async () => {
    const b = new ScriptedBackend([2, 4]);
    const o = await runForcing(b, settings({ mode: 'cut+extend', budget: 16 }));
    assert.equal(o.extensions, 2);
    assert.equal(o.thoughtTokens, 16);
    assert.equal(o.thought, 'tt\nWaittt\nWaittt');
    assert.equal(o.thought.length, 16);
    assert.equal(o.end, 'budget');
    assert.ok(o.answer.startsWith('Final answer: <answer>'));
  });

  it('cut+extend: an inserted "Wait" is cut to the tokens left in the budget', async () => {
    const b = new ScriptedBackend([9]);
    const o = await runForcing(b, settings({ mode: 'cut+extend', budget: 11 }));
    assert.equal(o.thoughtTokens, 11);
    assert.equal(o.thought, `${'t'.repeat(9)}\nW`);
    assert.equal(o.extensions, 1);
    assert.equal(o.end, 'budget');
  });

  it('cut+extend: when the extensions run out, the early close stands and is noted', async () => {
    const b = new ScriptedBackend([1, 2, 3]);
    const o = await runForcing(b, settings({ mode: 'cut+extend', budget: 40, maxExtensions: 2 }));
    assert.equal(o.extensions, 2);
    assert.equal(o.end, 'model');
    assert.equal(o.thoughtTokens, 3 + 2 * '\nWait'.length);
    assert.match(o.notes.join(';'), /ended its reasoning at 13 of 40 thought tokens after 2 extension/);
  });

  it('budget 0: an empty think block and a free answer, no thought tokens', async () => {
    const opened = new ScriptedBackend([]);
    const o = await runForcing(opened, settings({ budget: 0, maxTokens: 20 }));
    assert.equal(o.thoughtTokens, 0);
    assert.equal(o.thought, '');
    assert.equal(o.end, 'empty');
    assert.equal(opened.body, '\n\n</think>\n\naaaaa');
    const closed = new ScriptedBackend([]);
    await runForcing(closed, settings({ budget: 0, openedByTemplate: false }));
    assert.equal(closed.body, '<think>\n\n</think>\n\naaaaa');
    assert.ok(!closed.calls.some((c) => c.startsWith('think')));
  });

  it('opens the think block itself when the template did not', async () => {
    const b = new ScriptedBackend([]);
    await runForcing(b, settings({ budget: 3, openedByTemplate: false }));
    assert.ok(b.body.startsWith('<think>\nttt\n</think>'));
  });

  it('natural: no cut and no extension; out of room means no answer and max_tokens', async () => {
    const b = new ScriptedBackend([]);
    const o = await runForcing(b, settings({ mode: 'natural', budget: 5, maxTokens: 30 }));
    assert.equal(o.thoughtTokens, 30);
    assert.equal(o.end, 'limit');
    assert.equal(o.answer, '');
    assert.equal(o.stopReason, 'max_tokens');
    assert.match(o.notes.join(';'), /stated in the prompt only/);
    const closes = new ScriptedBackend([7]);
    const c = await runForcing(closes, settings({ mode: 'cut+extend', budget: 'natural', maxTokens: 30 }));
    assert.equal(c.thoughtTokens, 7, "a 'natural' budget is never extended");
    assert.equal(c.extensions, 0);
    assert.equal(c.answer, 'aaaaa');
  });

  it('continues a think phase that came back short, and gives up on a stalled one', async () => {
    const calls: number[] = [];
    let stalled = false;
    const b: ForcingBackend = {
      notes: [],
      async sample(phase, max) {
        if (phase === 'answer') return { text: 'x', tokens: 1, stop: 'end' };
        calls.push(max);
        if (stalled) return { text: '', tokens: 0, stop: 'limit' };
        stalled = max < 8;
        return { text: 'tt', tokens: 2, stop: 'limit' };
      },
      async insert(text) {
        return { text, tokens: text.length };
      },
    };
    const o = await runForcing(b, settings({ budget: 10 }));
    assert.deepEqual(calls.slice(0, 2), [10, 8]);
    assert.equal(o.thoughtTokens, 6);
    assert.match(o.notes.join(';'), /stalled at 6 of 10/);
  });

  it('extension text goes on its own line unless the thought ends in whitespace', () => {
    assert.equal(extensionText('so 4', 'Wait'), '\nWait');
    assert.equal(extensionText('so 4\n', 'Wait'), 'Wait');
    assert.equal(extensionText('', 'Wait'), 'Wait');
  });
});
