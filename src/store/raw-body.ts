import type { DB } from './db.js';
import { rebuildRaw, unpackText } from './text-codec.js';

/**
 * A reader of samples' raw bodies as the provider sent them, byte for byte (for audit): each rebuilt
 * from the compact body and the sample's texts (text-codec.js). Undefined when no sample has the key.
 */
export function rawBodyReader(db: DB): (key: string) => string | null | undefined {
  const one = db.prepare('SELECT raw, text, reasoning_text FROM samples WHERE key = ?').raw();
  return (key) => {
    const r = one.get(key) as [unknown, unknown, unknown] | undefined;
    return r && rebuildRaw(unpackText(r[0]), unpackText(r[1]), unpackText(r[2]));
  };
}

/** A sample row read with SELECT * as it was written: texts unpacked, the raw body rebuilt. */
export function sampleAsWritten<R extends { text?: unknown; reasoning_text?: unknown; raw?: unknown }>(
  row: R,
): R {
  const text = unpackText(row.text);
  const reasoning = unpackText(row.reasoning_text);
  return { ...row, text, reasoning_text: reasoning, raw: rebuildRaw(unpackText(row.raw), text, reasoning) };
}
