import type { Target } from '../tasks/types.js';
import { type Extractor, type ScoreInput, scoreSample } from './score.js';
import type { Scored } from './scored.js';

/**
 * scoreSample with a bounded memo. Scoring is pure, and across a large run the same short answer
 * texts recur against the same targets ("<answer>2</answer>"): reading 1M samples, the regex work
 * of extraction and parsing was a fifth of the time. Long or unseen texts are scored as before; the
 * memo stops growing at `max` entries. Callers must not mutate the returned object.
 */
export class ScoreMemo {
  /** target (as JSON) → stop reason → answer text → score. Nested maps: no joined key per lookup. */
  private readonly cache = new Map<string, Map<string, Map<string, Scored>>>();
  private readonly targets = new WeakMap<Target, Map<string, Map<string, Scored>>>();
  private size = 0;

  constructor(
    private readonly extractor: Extractor = 'paper',
    private readonly max = 50_000,
    private readonly maxTextChars = 400,
  ) {}

  score(row: ScoreInput, target: Target): Scored {
    const text = row.text ?? '';
    if ((row.error !== null && row.error !== undefined) || row.stored || text.length > this.maxTextChars) {
      return scoreSample(row, target, this.extractor);
    }
    let byStop = this.targets.get(target);
    if (!byStop) {
      const json = JSON.stringify(target);
      byStop = this.cache.get(json) ?? new Map<string, Map<string, Scored>>();
      this.cache.set(json, byStop);
      this.targets.set(target, byStop);
    }
    const stop = row.stopReason ?? '\u0001';
    let byText = byStop.get(stop);
    if (!byText) {
      byText = new Map<string, Scored>();
      byStop.set(stop, byText);
    }
    const hit = byText.get(text);
    if (hit) return hit;
    const s = scoreSample(row, target, this.extractor);
    if (this.size < this.max) {
      byText.set(text, s);
      this.size++;
    }
    return s;
  }
}
