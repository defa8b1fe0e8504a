/**
 * A thread of trace-pool.ts: traces as stored (compressed or plain) in, what the report keeps of each
 * out (its tags, its length, its excerpt). Inflating and tagging a 40k-character trace is most of
 * `report`'s work at scale; the main thread keeps reading, scoring and analysing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { unpackText } from '../store/text-codec.js';
import type { Item } from '../tasks/types.js';
import { Tagger } from './failure-modes.js';
import { traceFacts } from './trace-facts.js';
import type { TraceBatch, TraceResult, TraceWorkerData } from './trace-pool.js';

const data = workerData as TraceWorkerData;
const tagger = new Tagger(data.tagConfig);
const counter = new Int32Array(data.counter);
/** Stands for an item none of whose fields the tagger reads (the pool sends null for it). */
const PLAIN = {
  taskId: '',
  itemId: '',
  prompt: '',
  target: { kind: 'exact', value: '' },
  strata: {},
} as Item;

parentPort?.on('message', (b: TraceBatch) => {
  let out: TraceResult;
  try {
    const n = b.stored.length;
    const tags = new Int32Array(n);
    const chars = new Int32Array(n);
    const excerpts: (string | undefined)[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const f = traceFacts(
        tagger,
        unpackText(b.stored[k]) ?? '',
        b.outcomes[k],
        b.items[k] ?? PLAIN,
        data.excerptChars,
      );
      tags[k] = f.tags;
      chars[k] = f.chars;
      excerpts[k] = f.excerpt;
    }
    out = { start: b.start, tags, chars, excerpts };
  } catch (err) {
    out = { start: b.start, error: (err as Error).stack ?? String(err) };
  }
  data.results.postMessage(out);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});
