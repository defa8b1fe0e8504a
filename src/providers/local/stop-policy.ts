/**
 * The adaptive reasoning scheduler's policy: how probe answers are read and when reasoning stops.
 * Pure, so it is unit-tested apart from any model. The mechanics (chunks, probes that never stay in
 * the trace, the forced answer) live beside it in scheduled.ts and run on every backend that can fork
 * a probe: local GGUF models, raw-completion servers and the simulator.
 */
import type { SchedulerSettings } from '../../core/scheduler.js';

/** One interim answer: forced after `atTokens` thought tokens, then thrown away. */
export interface Probe {
  atTokens: number;
  /** The decoded continuation after the forced answer prefix. */
  text: string;
  /** Tokens the probe decoded (not counted as reasoning). */
  tokens: number;
  /** The normalised answer, or null when the probe gave none. */
  answer: string | null;
  hedged: boolean;
}

export interface ProbeReading {
  answer: string | null;
  hedged: boolean;
}

/**
 * How probes are judged. The default reads the text the way the scorer would; tests pass a stub
 * to force agreement (or disagreement) on a model whose output is noise.
 */
export interface StopPolicy {
  read(probeText: string): ProbeReading;
  shouldStop(probes: readonly Probe[]): boolean;
}

/**
 * The default policy: the probe continues after `…<answer>`, so its answer is the text up to
 * `</answer>` (or the first line), normalised; it hedges when it has no answer, ends in a question
 * mark, or contains a hedge word. Reasoning stops when the last `agree` probes all answered, none
 * hedged, and all gave the same answer (Dynasor's consistency check).
 */
export function defaultStopPolicy(s: Pick<SchedulerSettings, 'agree' | 'hedges'>): StopPolicy {
  const hedge = hedgePattern(s.hedges);
  return {
    read(text) {
      const answer = readProbeAnswer(text);
      return { answer, hedged: answer === null || /\?\s*$/.test(answer) || hedge.test(text) };
    },
    shouldStop: (probes) => agreed(probes, s.agree),
  };
}

/** True when the last `k` probes answered the same, without hedging. */
export function agreed(probes: readonly Probe[], k: number): boolean {
  if (probes.length < k || k < 1) return false;
  const last = probes.slice(-k);
  const first = last[0].answer;
  return first !== null && last.every((p) => !p.hedged && p.answer === first);
}

/** The answer inside a probe continuation: up to `</answer>` or the end of the first line. */
export function readProbeAnswer(text: string): string | null {
  const close = text.search(/<\/answer\s*>/i);
  const body = close >= 0 ? text.slice(0, close) : (text.split('\n').find((l) => l.trim() !== '') ?? '');
  const t = body
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'(]+|[\s"').。]+$/g, '')
    .trim();
  return t.length > 0 ? t : null;
}

function hedgePattern(hedges: readonly string[]): RegExp {
  const words = hedges
    .map((h) => h.trim())
    .filter(Boolean)
    .map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return words.length ? new RegExp(`\\b(?:${words.join('|')})\\b`, 'i') : /$^/;
}
