import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Past this much heap (live or not), a run asks for a full collection. 96 MB, not 160: on 20,000 ×
 * 40k with --export the main heap at peak went ~200 → ~130 MB and peak RSS 350 → 280 MB, for a few
 * more collections of a ~45 MB live heap (docs/PERFORMANCE.md, part D).
 */
const HEAP_CEILING = 96 * 2 ** 20;
const CHECK_MS = 500;
/** Garbage let in beside what is live before the next collection: ~500 long-trace samples' worth. */
const HEADROOM = 48 * 2 ** 20;

/** The heap size past which the guard collects next, given what the last collection left. */
export const nextCeiling = (live: number): number => Math.max(HEAP_CEILING, live + HEADROOM);

/**
 * Keeps a run's heap near what it holds. With long traces (40k characters, hundreds a second) the
 * bodies in flight outlive a young-generation collection, are promoted, and V8 lets the old
 * generation grow to ~300 MB of garbage around ~60 MB that is live: memory that grew with the run's
 * rate, not its work. A full collection when the heap passes HEAP_CEILING gives it back (measured:
 * peak RSS 476 → ~340 MB on 20,000 × 40k at 160 MB, 280 MB at 96). Short-trace runs reach it too,
 * every few seconds at 0 ms latency: a collection of a small live heap. V8's own limit (--max-old-space-size) cannot be set from inside a running process, hence
 * this. It also turns allocation-site pretenuring off meanwhile (see `withoutPretenuring`). Returns
 * the function that stops it.
 */
export function guardHeap(): () => void {
  const check = heapCheck();
  const timer = setInterval(check, CHECK_MS);
  timer.unref();
  const restore = withoutPretenuring();
  return () => {
    clearInterval(timer);
    restore();
  };
}

/** Guards active now: pretenuring is back on when the last one stops. */
let guarding = 0;

/**
 * Turns V8's allocation-site pretenuring off while a guard runs. Sites whose objects all survived a
 * young collection (the first requests of a run, all in flight at once) are switched to allocate in
 * the old generation, and every young 40k-character trace such an object points to is then kept
 * through young collections until a full one: on 20,000 × 40k at 0 ms one run in two went so, 1.4 GB
 * promoted against 0.16 GB, peak RSS ~330 MB against ~255 and 20% slower (docs/PERFORMANCE.md, part
 * I). Set back when the last guard stops, so the flags are V8's defaults again when the build's
 * warm-up run writes the code cache (made under other flags, V8 would refuse it).
 */
function withoutPretenuring(): () => void {
  try {
    if (guarding === 0) setFlagsFromString('--no-allocation-site-pretenuring');
  } catch {
    return () => {};
  }
  guarding++;
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--guarding === 0) setFlagsFromString('--allocation-site-pretenuring');
  };
}

/**
 * The guard's check, to call by hand where no timer can fire: a loop that runs without yielding
 * (loading 200,000 items and writing them to the store left ~100 MB of garbage on the heap, the
 * peak of the whole run, before the guard's first tick).
 */
export function heapCheck(): () => void {
  const gc = collector();
  if (!gc) return () => {};
  // The ceiling follows what is live: what a collection leaves plus HEADROOM, never under
  // HEAP_CEILING, so a run that truly holds more (200,000 items) is not collected every tick. Plus,
  // not times two: twice 130 MB of items let ~130 MB of garbage sit beside them (part F).
  let ceiling = HEAP_CEILING;
  return () => {
    if (getHeapStatistics().total_heap_size <= ceiling) return;
    gc();
    ceiling = nextCeiling(getHeapStatistics().used_heap_size);
  };
}

/** The collector, found once (each look makes a V8 context: ~1 ms of a run's start, four times). */
let found: { gc: (() => void) | undefined } | undefined;

/**
 * V8's full collection, made callable at runtime (as --expose-gc would), or undefined if refused.
 * The flag is set back at once: V8 refuses a code cache made under other flags, and the build's
 * warm-up run, whose cache every start loads (bin/overthink.js), goes through here.
 */
function collector(): (() => void) | undefined {
  found ??= { gc: lookUpCollector() };
  return found.gc;
}

function lookUpCollector(): (() => void) | undefined {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  try {
    setFlagsFromString('--expose-gc');
    try {
      const gc = runInNewContext('gc') as unknown;
      return typeof gc === 'function' ? (gc as () => void) : undefined;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  } catch {
    return undefined;
  }
}
