import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { GenerateResponse } from '../../src/providers/types.js';
import { outputColumns } from '../../src/run/sample.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { rawBodyReader } from '../../src/store/raw-body.js';
import { scoringRows } from '../../src/store/scoring-rows.js';
import { isCompactRaw } from '../../src/store/text-codec.js';
import { SampleWriter } from '../../src/store/writer.js';
import { tempDir } from './cli.js';
import { sampleRow } from './sample-row.js';

/**
 * Stores a provider's response as the runner does (outputColumns, then the writing thread, which
 * packs it: store/text-codec.js) and checks that the store gives back its texts and its raw body byte
 * for byte, and that the raw body was stored compact (the texts cut out) when `compact`: by default,
 * whenever the answer or the reasoning is long enough to be cut (16 characters).
 */
export function assertRawRoundTrip(
  r: Pick<GenerateResponse, 'text' | 'reasoningText' | 'raw' | 'rawText'>,
  compact?: boolean,
): void {
  const cols = outputColumns(r.text, r.reasoningText, r.raw, r.rawText);
  compact ??= (cols.text?.length ?? 0) >= 16 || (cols.reasoning_text?.length ?? 0) >= 16;
  const db = openStore(join(tempDir('ovt-raw-'), 's.db'));
  try {
    const w = new SampleWriter(db);
    w.add(sampleRow('k', cols));
    w.close();
    assert.equal(rawBodyReader(db)('k'), cols.raw, 'the raw body rebuilds byte for byte');
    const [row] = [...scoringRows(db, 'r', { reasoningText: true, importedScores: false })];
    assert.equal(row.text, cols.text);
    assert.equal(row.reasoningText, cols.reasoning_text);
    const stored = db.prepare("SELECT raw FROM samples WHERE key = 'k'").pluck().get();
    assert.equal(isCompactRaw(stored), compact, compact ? 'the texts are cut out of raw' : 'raw kept whole');
  } finally {
    closeStore(db);
  }
}
