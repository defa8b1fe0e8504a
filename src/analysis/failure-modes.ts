import type { Outcome } from '../core/outcome.js';
import type { Item } from '../tasks/types.js';
import { TAG_BIT, TAG_NAMES, type TagConfig, type TagName } from './failure-config.js';
import { LiteralScan } from './literal-scan.js';
import { requiredLiterals } from './regex-literals.js';

/**
 * Heuristic failure-mode tags on reasoning traces (rules and word lists: failure-config.ts). The
 * tagger is compiled once per report and runs on each trace as it is read from the store, so the
 * full text never has to stay in memory.
 *
 * Each regex rule runs only on a trace that holds one of the literals its patterns cannot match
 * without (regex-literals.ts), all found in one scan (literal-scan.ts): the bits are those of the
 * regexes alone, and most traces never reach a regex.
 */
export class Tagger {
  private readonly code: RegExp | null;
  private readonly codeTest: RegExp | null;
  private readonly framing: RegExp | null;
  private readonly spurious: RegExp | null;
  private readonly genuine: RegExp | null;
  private readonly selfPres: RegExp | null;
  private readonly distractorNumbers = new WeakMap<Item, { numbers: Set<string>; code: boolean }>();
  /** Each regex rule's required literals (by PRE bit); rules without certain ones are always run. */
  private readonly groups: string[][] = [];
  private readonly unfiltered: number;
  /** A scan per set of rules an item needs (PRE bits): a trace is scanned only for those. */
  private readonly scans = new Map<number, LiteralScan>();

  constructor(readonly config: TagConfig) {
    const c = config;
    this.code = c.distraction.enabled ? union(c.distraction.codePatterns, 'gi') : null;
    this.codeTest = c.distraction.enabled ? union(c.distraction.codePatterns, 'i') : null;
    this.framing = c.familiarFraming.enabled ? union(c.familiarFraming.names, 'i') : null;
    this.spurious = c.spuriousFeature.enabled ? union(c.spuriousFeature.spurious, 'gi') : null;
    this.genuine = c.spuriousFeature.enabled ? union(c.spuriousFeature.genuine, 'gi') : null;
    this.selfPres = c.selfPreservation.enabled ? union(c.selfPreservation.patterns, 'i') : null;
    const groups = this.groups;
    let unfiltered = 0;
    for (const [bit, re] of [
      [PRE.code, this.code],
      [PRE.framing, this.framing],
      [PRE.spurious, this.spurious],
      [PRE.selfPres, this.selfPres],
    ] as const) {
      const lits = re ? requiredLiterals(re.source) : [];
      // A literal of one character would make the scan as slow as the regex: run the regex instead.
      if (lits === null || lits.some((l) => l.length < 2)) unfiltered |= bit;
      groups[Math.log2(bit)] = lits && !(unfiltered & bit) ? lits : [];
    }
    this.unfiltered = unfiltered;
  }

  /** Which of the `need` rules' literals the trace holds, with the unfiltered rules always set. */
  private may(reasoning: string, need: number): number {
    let scan = this.scans.get(need);
    if (!scan) {
      scan = new LiteralScan(this.groups.map((g, i) => (need & (1 << i) ? g : [])));
      this.scans.set(need, scan);
    }
    return scan.scan(reasoning) | this.unfiltered;
  }

  /** The tags of one trace, as a bitmask of TAG_BIT values. */
  tag(reasoning: string, outcome: Outcome, item: Item): number {
    let bits = 0;
    const c = this.config;
    const distractors = c.distraction.enabled && hasDistractors(item);
    const features = hasFeatures(item);
    // The code patterns count only on items with distractors whose prompt has code; the spurious
    // features only on items with features: other traces are not scanned for their literals.
    const need =
      PRE.framing |
      PRE.selfPres |
      (distractors && this.distractorInfo(item).code ? PRE.code : 0) |
      (features ? PRE.spurious : 0);
    const may = this.may(reasoning, need);
    if (distractors && this.distractionHits(reasoning, item, may) >= c.distraction.minHits)
      bits |= TAG_BIT.distraction;
    if (may & PRE.framing && this.framing?.test(reasoning)) bits |= TAG_BIT['familiar-framing'];
    if (this.spurious && this.genuine && features && may & PRE.spurious) {
      const s = countMatches(this.spurious, reasoning);
      if (s >= c.spuriousFeature.minHits && s > countMatches(this.genuine, reasoning))
        bits |= TAG_BIT['spurious-feature'];
    }
    if (c.drift.enabled) {
      const noAnswer =
        c.drift.noAnswer && reasoning.length > 0 && (outcome === 'truncated' || outcome === 'unparsable');
      if (noAnswer || longestSentenceRun(reasoning, c.drift.minWords) >= c.drift.minRun)
        bits |= TAG_BIT.drift;
    }
    if (may & PRE.selfPres && this.selfPres?.test(reasoning)) bits |= TAG_BIT['self-preservation'];
    return bits;
  }

  private distractorInfo(item: Item): { numbers: Set<string>; code: boolean } {
    let info = this.distractorNumbers.get(item);
    if (!info) {
      info = { numbers: promptNumbers(item), code: this.codeTest?.test(item.prompt) ?? false };
      this.distractorNumbers.set(item, info);
    }
    return info;
  }

  private distractionHits(reasoning: string, item: Item, may: number): number {
    const info = this.distractorInfo(item);
    let hits = 0;
    if (info.numbers.size > 0) {
      for (const m of reasoning.matchAll(NUMBER)) if (info.numbers.has(normaliseNumber(m[0]))) hits++;
    }
    if (info.code && this.code && may & PRE.code) hits += countMatches(this.code, reasoning);
    return hits;
  }
}

/** The prefilter's groups: one per regex rule whose matches it can rule out. */
const PRE = { code: 1, framing: 2, spurious: 4, selfPres: 8 } as const;

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;

function normaliseNumber(s: string): string {
  return s.replace(/,/g, '').replace(/\.$/, '');
}

/** The prompt's numbers, minus the right answer (restating the answer is not distraction). */
export function promptNumbers(item: Item): Set<string> {
  const out = new Set<string>();
  for (const m of item.prompt.matchAll(NUMBER)) out.add(normaliseNumber(m[0]));
  const t = item.target;
  if (t.kind === 'number') out.delete(String(t.value));
  if (t.kind === 'exact') out.delete(t.value.trim());
  return out;
}

export function hasDistractors(item: Item | undefined): boolean {
  const nd = Number(item?.strata.num_distractors);
  return Number.isFinite(nd) && nd > 0;
}

export function hasFeatures(item: Item | undefined): boolean {
  const f = item?.meta?.features;
  return typeof f === 'object' && f !== null;
}

/** Which tags can fire on this item at all (rates are over these samples only). */
export function applicableTags(item: Item | undefined, config: TagConfig): number {
  let bits = 0;
  if (config.distraction.enabled && hasDistractors(item)) bits |= TAG_BIT.distraction;
  if (config.familiarFraming.enabled) bits |= TAG_BIT['familiar-framing'];
  if (config.spuriousFeature.enabled && hasFeatures(item)) bits |= TAG_BIT['spurious-feature'];
  if (config.drift.enabled) bits |= TAG_BIT.drift;
  if (config.selfPreservation.enabled) bits |= TAG_BIT['self-preservation'];
  return bits;
}

function union(patterns: readonly string[], flags: string): RegExp | null {
  if (patterns.length === 0) return null;
  return new RegExp(patterns.map((p) => `(?:${p})`).join('|'), flags);
}

/** Matches as `matchAll` counts them: an empty match steps on one character (it looped for ever). */
function countMatches(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    n++;
    if (m[0] === '') re.lastIndex++;
  }
  return n;
}

/**
 * Longest run of one sentence repeated verbatim back to back (surrounding spaces ignored). A plain
 * character scan that compares sentences in place: this runs over every trace of a run, megabytes
 * at a time, and must not allocate per sentence.
 */
export function longestSentenceRun(text: string, minWords: number): number {
  let best = 0;
  let run = 0;
  let ps = 0;
  let pe = 0;
  let start = 0;
  const n = text.length;
  // Native indexOf jumps between sentence marks far faster than a per-character loop.
  const next = [-1, -1, -1, -1];
  const marks = ['.', '!', '?', '\n'];
  for (let i = 0; i <= n; ) {
    let at = n;
    for (let m = 0; m < 4; m++) {
      if (next[m] !== n && next[m] < i) {
        const f = text.indexOf(marks[m], i);
        next[m] = f < 0 ? n : f;
      }
      if (next[m] < at) at = next[m];
    }
    let end = at + 1;
    while (end < n && isMark(text.charCodeAt(end))) end++;
    let a = start;
    let b = Math.min(end, n);
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    i = end;
    start = end;
    if (a === b) continue;
    if (b - a === pe - ps && sameRegion(text, a, ps, b - a)) {
      run++;
      if (run === 2 && words(text, a, b) < minWords) run = Number.NEGATIVE_INFINITY;
      if (run > best) best = run;
    } else {
      ps = a;
      pe = b;
      run = 1;
      if (best === 0) best = 1;
    }
  }
  return best;
}

function sameRegion(t: string, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (t.charCodeAt(a + k) !== t.charCodeAt(b + k)) return false;
  return true;
}

function words(t: string, a: number, b: number): number {
  let w = 1;
  for (let k = a + 1; k < b; k++) if (isSpace(t.charCodeAt(k)) && !isSpace(t.charCodeAt(k - 1))) w++;
  return w;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isMark(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}

export function tagList(bits: number): TagName[] {
  return TAG_NAMES.filter((t) => bits & TAG_BIT[t]);
}
