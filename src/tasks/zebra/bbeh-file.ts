import { readFileSync } from 'node:fs';
import { UserError } from '../../util/errors.js';
import { packageFile } from '../../util/package-root.js';

/** One puzzle of a BBEH-format file: `{"examples": [{"input", "target"}]}`. */
export interface BbehExample {
  input: string;
  target: string;
}

/** Reads a BBEH-format JSON file; every problem is a UserError naming the file and the example. */
export function readBbehFile(file: string): BbehExample[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `${file}: cannot read the puzzle file (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not valid JSON (expected {"examples": [{"input", "target"}]})`);
  }
  const examples = (doc as { examples?: unknown } | null)?.examples;
  if (!Array.isArray(examples)) throw new UserError(`${file}: expected an object with an "examples" array`);
  return examples.map((e: unknown, i) => {
    const ex = e as { input?: unknown; target?: unknown } | null;
    if (typeof ex?.input !== 'string' || ex.input.trim() === '') {
      throw new UserError(`${file}: examples[${i}].input must be a non-empty string (the puzzle)`);
    }
    const target = typeof ex.target === 'number' ? String(ex.target) : ex.target;
    if (typeof target !== 'string' || target.trim() === '') {
      throw new UserError(`${file}: examples[${i}].target must be a position such as "3"`);
    }
    return { input: ex.input, target: target.trim() };
  });
}

/** The vendored half of BBEH's zebra puzzles (100 items; see data/bbeh-zebra/README.md). */
export function bundledBbehPath(): string {
  return packageFile('data', 'bbeh-zebra', 'task.dev.json');
}
