import { main } from '../../src/cli/main.js';

/** The CLI in this process (start-up once per test file): exit code and what it printed. */
export async function cli(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const home = process.cwd();
  process.stdout.write = ((c: string | Uint8Array) => {
    stdout += String(c);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => {
    stderr += String(c);
    return true;
  }) as typeof process.stderr.write;
  process.exitCode = undefined;
  process.chdir(cwd);
  try {
    const code = await main(['node', 'overthink', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.chdir(home);
    process.exitCode = undefined;
  }
}
