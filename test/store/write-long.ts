// Writes `count` samples whose reasoning zstd cannot shrink much (random base64, ~30 KB each in the
// WAL) to a new store through the writing thread, then closes it:
//   node --import tsx write-long.ts <db> <count>
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeStore, openStore } from '../../src/store/open.js';
import { SampleWriter } from '../../src/store/writer.js';
import { sampleRow } from '../helpers/sample-row.js';

const [file, count] = process.argv.slice(2);
const db = openStore(file);
const w = new SampleWriter(db, { maxRows: 20, maxDelayMs: 10_000 });
for (let i = 0; i < Number(count); i++)
  w.add(sampleRow(`k${i}`, { reasoning_text: randomBytes(30_000).toString('base64') }));
w.flush();
// Time for the checkpointing thread's last pass before the close checkpoints what is left.
await sleep(3000);
w.close();
closeStore(db);
