// bench/kit-dump.mjs DB OUT — for a kit run without an export (OT_EXPORT=none): one line per stored
// sample, {"pass":…}, so the kit can count them. Passing is the stored answer holding the mock's
// `<answer>2</answer>`. Not part of the measured command's work: it runs after the run has exited,
// but inside the kit's timing, so its time is reported beside the run's (a few hundred ms at 20,000).
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { unpackText } from '../src/store/text-codec.js';

const [db, out] = process.argv.slice(2);
const store = new Database(db, { readonly: true });
// The answer unpacked as the store's readers do (a long one is stored deflated: text-codec.js).
const lines = store
  .prepare('SELECT text FROM samples WHERE error IS NULL')
  .pluck()
  .all()
  .map((t) => `{"pass":${unpackText(t)?.includes('<answer>2</answer>') ? 'true' : 'false'}}`);
store.close();
writeFileSync(out, lines.length ? `${lines.join('\n')}\n` : '');
