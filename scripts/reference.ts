/**
 * Writes docs/reference.md from the schema, the environment table, the exit codes and the commands
 * (src/cli/reference.ts). Run after changing any of them:
 *   node --import tsx scripts/reference.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandSummaries } from '../src/cli/main.js';
import { referenceMarkdown } from '../src/cli/reference.js';

const file = join(import.meta.dirname, '..', 'docs', 'reference.md');
writeFileSync(file, referenceMarkdown(await commandSummaries()));
process.stdout.write(`wrote ${file}\n`);
