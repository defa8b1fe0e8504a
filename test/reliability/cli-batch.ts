// Runs many CLI invocations in one process, one after another, so a corpus of dozens of bad inputs
// does not pay Node + tsx start-up for each. Each invocation goes through `main()` exactly as
// scripts/dev.ts does, in its own working directory, with stdout and stderr captured.
//   node --import tsx test/reliability/cli-batch.ts <cases.json> <results.json>
import { readFileSync, writeFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

export interface BatchCase {
  cwd: string;
  args: string[];
}
export interface BatchResult {
  code: number;
  stdout: string;
  stderr: string;
}

const [casesFile, resultsFile] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as BatchCase[];
const results: BatchResult[] = [];
const home = process.cwd();
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);

for (const c of cases) {
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  process.exitCode = undefined;
  process.chdir(c.cwd);
  let code: number;
  try {
    code = await main(['node', 'overthink', ...c.args]);
  } catch (err) {
    // What an uncaught error would do to the real CLI: a stack trace and exit 1.
    stderr += `${(err as Error).stack ?? String(err)}\n`;
    code = 1;
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    process.chdir(home);
  }
  results.push({ code, stdout, stderr });
}
process.exitCode = 0;
writeFileSync(resultsFile, JSON.stringify(results));
