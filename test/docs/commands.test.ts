import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import {
  addExperimentFlags,
  type ExperimentFlags,
  experimentFromFlags,
} from '../../src/cli/experiment-flags.js';
import { spendOf } from '../../src/cli/spend-guard.js';
import { loadExperimentItems } from '../../src/run/items.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * The commands in README.md and docs/*.md are tests: copy-pasted, each must do what its text says.
 * Offline commands run, in document order, in a folder of their own per document, where the
 * document's experiment files (`# name.yaml` blocks, wherever they are shown) are written first. A command that would send requests to a
 * priced model is planned instead, and its comment's "about $N" must be what `plan` estimates; one
 * above the $5 that runs without asking must say --yes (or its file must accept the spend).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);

/** Commands that need what a test machine does not have, and why. */
const NEEDS: { test: (args: string[]) => boolean; why: string }[] = [
  { test: (a) => a[0] === 'data' && a[1] === 'pull', why: 'downloads from the network' },
  { test: (a) => a[0] === 'models' && a[1] === 'check', why: 'sends a request to the provider' },
  { test: (a) => a[0] === 'batches' && a[1] === 'cancel', why: 'needs a batch at a provider' },
  { test: (a) => a.some((x) => /^local:(?!hf:)/.test(x)), why: 'needs a GGUF model file' },
  { test: (a) => a[0] === 'import', why: "reads another tool's result files" },
];

interface DocStep {
  file: string;
  line: number;
  kind: 'file' | 'command';
  /** file: its name and text; command: its words after `overthink`, and its comments. */
  name?: string;
  text?: string;
  args?: string[];
  comment?: string;
}

/** The experiment files and overthink commands of a Markdown file, in order. */
function stepsOf(file: string): DocStep[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const steps: DocStep[] = [];
  let lang: string | undefined;
  let block: { start: number; lines: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (fence && !block) {
      lang = fence[1];
      block = { start: i + 1, lines: [] };
      continue;
    }
    if (fence && block) {
      steps.push(...blockSteps(file, lang ?? '', block.start, block.lines));
      block = undefined;
      continue;
    }
    block?.lines.push(lines[i]);
  }
  return steps;
}

function blockSteps(file: string, lang: string, start: number, lines: string[]): DocStep[] {
  if (lang === 'yaml' || lang === 'yml') {
    const name = /^#\s*([\w./-]+\.ya?ml)\b/.exec(lines[0] ?? '')?.[1];
    return name ? [{ file, line: start, kind: 'file', name, text: `${lines.join('\n')}\n` }] : [];
  }
  if (lang !== 'bash' && lang !== 'sh') return [];
  const out: DocStep[] = [];
  let before = '';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const at = i;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i].trim()}`;
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) {
      before = trimmed;
      continue;
    }
    const m = /(?:^|&&\s*)(?:npx\s+)?overthink\s+(.*)$/.exec(trimmed.replace(/^\$\s+/, ''));
    if (m) {
      const [command, ...comment] = m[1].split(/\s+#\s/);
      out.push({
        file,
        line: start + at + 1,
        kind: 'command',
        args: command.trim().split(/\s+/),
        comment: `${comment.join(' # ')} ${before}`.trim(),
      });
    }
    before = '';
  }
  return out;
}

/** "about $3.28" in a command's comment (or the comment line above it). */
function claimOf(comment: string): number | undefined {
  const m = /about \$([\d,]+(?:\.\d+)?)/.exec(comment);
  return m ? Number(m[1].replace(/,/g, '')) : undefined;
}

/** A run's or plan's flags, parsed as the CLI parses them (run-only flags accepted and ignored). */
function experimentFlags(args: string[], dir: string): ExperimentFlags & { yes?: boolean } {
  const cmd = addExperimentFlags(new Command('x'))
    .exitOverride()
    .option('--db <file>')
    .option('-o, --out <dir>')
    .option('--export <file>')
    .option('--no-report')
    .option('-y, --yes')
    .option('--json')
    .option('-q, --quiet')
    .option('-v, --verbose')
    .action(() => {});
  cmd.parse(args, { from: 'user' });
  const f = cmd.opts() as ExperimentFlags & { yes?: boolean };
  return f.config ? { ...f, config: join(dir, f.config) } : f;
}

/** What a run or plan command would spend, and whether it may start without asking. */
async function spendOfCommand(args: string[], dir: string) {
  const f = experimentFlags(args.slice(1), dir);
  const loaded = experimentFromFlags(f);
  const spend = spendOf(loaded.experiment, await loadExperimentItems(loaded.experiment, loaded.baseDir));
  const models = loaded.experiment.models.map((m) => (typeof m === 'string' ? m : m.id));
  return { spend, models, accepted: f.yes === true || spend.atRiskUsd <= loaded.experiment.confirmAboveUsd };
}

describe('commands in README.md and docs/*.md', () => {
  const cache = tempDir('overthink-docs-cache-');
  const saved = process.env.OVERTHINK_CACHE;
  // The paper presets look for pulled files: the same empty cache for every command here.
  before(() => {
    process.env.OVERTHINK_CACHE = cache;
  });
  after(() => {
    if (saved === undefined) delete process.env.OVERTHINK_CACHE;
    else process.env.OVERTHINK_CACHE = saved;
  });

  it('finds the commands (a parser that finds none would test nothing)', () => {
    const readme = stepsOf('README.md').filter((s) => s.kind === 'command');
    assert.ok(readme.length >= 15, `README commands: ${readme.length}`);
    assert.ok(stepsOf('docs/providers.md').some((s) => s.kind === 'command'));
    assert.ok(stepsOf('README.md').some((s) => s.kind === 'file' && s.name === 'sweep.yaml'));
  });

  for (const doc of DOCS) {
    const steps = stepsOf(doc);
    if (!steps.some((s) => s.kind === 'command')) continue;
    it(`${doc}: every command does what its text says`, { timeout: 300_000 }, async (t) => {
      const dir = tempDir('overthink-docs-');
      const env = { OVERTHINK_CACHE: cache };
      // A store to read, for documents that show `report`, `runs` or `batches` without a run first.
      const seed = await runCli(
        [
          'run',
          '--model',
          'sim:inverse',
          '--tasks',
          'misleading-math',
          '--limit',
          '10',
          '--budgets',
          '0,1024',
          '--trials',
          '1',
          '--no-report',
          '-q',
        ],
        dir,
        env,
      );
      assert.equal(seed.code, 0, seed.stderr);
      const files = steps.filter((s) => s.kind === 'file');
      assert.equal(
        new Set(files.map((f) => f.name)).size,
        files.length,
        `${doc}: two files shown with one name`,
      );
      for (const f of files) writeFileSync(join(dir, f.name!), f.text!);
      const skipped: string[] = [];
      for (const s of steps) {
        const where = `${s.file}:${s.line}`;
        if (s.kind === 'file') continue;
        const args = s.args!;
        const shown = `overthink ${args.join(' ')}`;
        const need = NEEDS.find((n) => n.test(args));
        if (need) {
          skipped.push(`${where} ${shown}: ${need.why}`);
          continue;
        }
        const claim = claimOf(s.comment ?? '');
        if (args[0] === 'run' || args[0] === 'plan') {
          const { spend, models, accepted } = await spendOfCommand(args, dir);
          if (claim !== undefined) {
            const batch = args.includes('--batch');
            assert.ok(
              Math.abs(spend.estimateUsd - claim) <= Math.max(0.005 * claim, 0.01),
              `${where}: says about $${claim}, plan estimates $${spend.estimateUsd.toFixed(2)}${batch ? ' (batch price)' : ''}: ${shown}`,
            );
          }
          if (args[0] === 'run' && !models.every((m) => m.startsWith('sim:'))) {
            // Not run: it would call a provider. Its cost is what the text says, and it starts.
            if (spend.estimateUsd > 0)
              assert.ok(
                claim !== undefined,
                `${where}: a priced run must say what it costs ("about $N"): ${shown}`,
              );
            assert.ok(
              accepted,
              `${where}: costs $${spend.estimateUsd.toFixed(2)}, above the ceiling, without --yes: ${shown}`,
            );
            continue;
          }
        }
        const r = await runCli(args, dir, env);
        // gate's exit 1 is its verdict (a clear decline), not a failure of the command.
        const ok = args[0] === 'gate' ? [0, 1] : [0];
        assert.ok(ok.includes(r.code ?? -1), `${where}: ${shown} exited ${r.code}\n${r.stderr}`);
        if (args.includes('--json')) JSON.parse(r.stdout);
      }
      if (skipped.length) t.diagnostic(`not run here:\n${skipped.join('\n')}`);
    });
  }
});
