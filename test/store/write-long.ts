// Writes `count` samples whose reasoning zstd cannot shrink much (random base64, ~30 KB each in the
// WAL) to a new store through the writing thread, then closes it:
//   node --import tsx write-long.ts <db> <count>
// and prints the largest size its WAL reached.
// The first 40 (~1.2 MB) start the checkpointing thread, which gets 3 s to be ready (under tsx a
// thread loads the TypeScript loader first); until then the writer checkpoints for itself.
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeStore, openStore } from '../../src/store/open.js';
import { SampleWriter } from '../../src/store/writer.js';
import { incompressibleRow } from '../helpers/sample-row.js';

const [file, count] = process.argv.slice(2);
const db = openStore(file);
const w = new SampleWriter(db, { maxRows: 20, maxDelayMs: 10_000 });
const add = (i: number) => w.add(incompressibleRow(`k${i}`));
for (let i = 0; i < 40; i++) add(i);
w.flush();
await sleep(3000);
for (let i = 40; i < Number(count); i++) add(i);
w.flush();
// Time for the checkpointing thread's last pass before the close checkpoints what is left.
await sleep(3000);
// The largest size the WAL reached (its file keeps it until the close removes it), on stdout.
process.stdout.write(`${statSync(`${file}-wal`).size}\n`);
w.close();
closeStore(db);
