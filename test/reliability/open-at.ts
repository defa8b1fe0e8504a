// Opens (creating and migrating) stores at given wall-clock instants, so several processes can open
// each new store at the same moment; one line per store, `ok` or the error:
//   node --import tsx open-at.ts <db> <epoch ms> [<db> <epoch ms> …]
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../../src/store/open.js';

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const at = Number(args[i + 1]);
  // Sleep until just before the instant, then spin: a timer alone would add a few ms of jitter.
  if (at - Date.now() > 20) await sleep(at - Date.now() - 20);
  while (Date.now() < at) {
    // spin
  }
  try {
    openStore(args[i]).close();
    process.stdout.write('ok\n');
  } catch (err) {
    process.stdout.write(`error: ${(err as Error).message}\n`);
  }
}
