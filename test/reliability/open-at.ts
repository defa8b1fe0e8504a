// Opens (creating and migrating) a store at a given wall-clock instant, so several processes can
// open a new store at the same moment:  node --import tsx open-at.ts <db> <epoch ms>
import { openStore } from '../../src/store/store.js';

const [db, at] = process.argv.slice(2);
while (Date.now() < Number(at)) {
  // spin: a timer would add up to a few ms of jitter
}
try {
  openStore(db).close();
  process.stdout.write('ok\n');
} catch (err) {
  process.stdout.write(`error: ${(err as Error).message}\n`);
}
