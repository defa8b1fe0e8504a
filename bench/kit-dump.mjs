// bench/kit-dump.mjs DB OUT — for a kit run without an export (OT_EXPORT=none): one line per stored
// sample, {"pass":…}, so the kit can count them. Passing is the stored answer holding the mock's
// `<answer>2</answer>`. Not part of the measured command's work: it runs after the run has exited,
// but inside the kit's timing, so its time is reported beside the run's (a few hundred ms at 20,000).
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

const [db, out] = process.argv.slice(2);
const store = new Database(db, { readonly: true });
const lines = store
  .prepare("SELECT instr(text, '<answer>2</answer>') > 0 AS pass FROM samples WHERE error IS NULL")
  .all()
  .map((r) => `{"pass":${r.pass ? 'true' : 'false'}}`);
store.close();
writeFileSync(out, lines.length ? `${lines.join('\n')}\n` : '');
