import { Command, CommanderError, Help, type Option } from 'commander';
import { UserError } from '../util/errors.js';
import { diskOf, fsReason, isDiskFull } from '../util/fs-errors.js';
import { stripSecrets } from '../util/secrets.js';
import { VERSION } from '../version.js';
import { exitCodesLine } from './exit-codes.js';

/**
 * Each command lives in its own file and exports `register(program)`. Commands parse and print;
 * the work is done by library modules. Exit codes: exit-codes.ts.
 */
type Loader = () => Promise<{ register(p: Command): void }>;
/** Keyed by command name (= file name), in help order. */
const COMMANDS: Record<string, Loader> = {
  demo: () => import('./demo.js'),
  init: () => import('./init.js'),
  run: () => import('./run.js'),
  plan: () => import('./plan.js'),
  report: () => import('./report.js'),
  export: () => import('./export.js'),
  runs: () => import('./runs.js'),
  recommend: () => import('./recommend.js'),
  gate: () => import('./gate.js'),
  tasks: () => import('./tasks.js'),
  data: () => import('./data.js'),
  models: () => import('./models.js'),
  zebra: () => import('./zebra.js'),
  batches: () => import('./batches.js'),
  compare: () => import('./compare.js'),
  power: () => import('./power.js'),
  import: () => import('./import.js'),
  replay: () => import('./replay.js'),
  view: () => import('./view.js'),
};

export async function main(argv: string[]): Promise<number> {
  const program = new Command('overthink')
    .version(VERSION)
    .description(
      'Does this model get worse when it thinks longer? Run budget sweeps, find inverse scaling, gate releases.',
    )
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Start here:
  overthink demo                                   offline demo on a simulated model, with report
  overthink init                                   a commented sweep.yaml to edit
  overthink plan --preset paper-main --model anthropic:claude-sonnet-4-6 --limit 20
  overthink run --model sim:inverse --tasks misleading-math --budgets 0,1024,4096,16384 --trials 3
  overthink report                                 re-analyse the latest run in overthink.db

Results live in a SQLite store (--db, default overthink.db); rerunning a run resumes it. A run on a
priced model asks before spending more than $5 (--yes, --confirm-above). Every config field,
environment variable and exit code: docs/reference.md.
${exitCodesLine()}`,
    );
  program.hook('preAction', (_, action) => refuseEmptyValues(action));
  await registerCommands(
    program,
    argv.slice(2).find((a) => !a.startsWith('-')),
  );
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return handleError(err);
  }
}

/**
 * Command files import what their command needs, so only the invoked one is loaded. That saves
 * `run` and `export` a third of a second of start-up each (measured). Anything else — help, an
 * alias, an unknown name, a file that does not register the command — loads them all, in order.
 */
export async function registerCommands(program: Command, wanted: string | undefined): Promise<void> {
  // Before any command exists: subcommands copy the help settings when they are created.
  program.configureHelp({ optionDescription: markRequired });
  const found = () =>
    wanted !== undefined && program.commands.some((c) => c.name() === wanted || c.aliases().includes(wanted));
  const load = wanted !== undefined && Object.hasOwn(COMMANDS, wanted) ? COMMANDS[wanted] : undefined;
  if (load) {
    (await load()).register(program);
    if (found()) return;
  }
  for (const l of Object.values(COMMANDS)) if (l !== load) (await l()).register(program);
}

/**
 * An option or argument given as an empty string (`--budgets ""`, a variable that was not set) is a
 * mistake, never "use the default": without this, `--limit ""` silently ran every item.
 */
function refuseEmptyValues(action: Command): void {
  for (const o of action.options) {
    const key = o.attributeName();
    const v = action.getOptionValue(key);
    if (action.getOptionValueSource(key) !== 'cli') continue;
    if (v === '' || (Array.isArray(v) && v.includes('')))
      throw new UserError(`${o.long ?? o.short}: expected a value, found an empty string`);
  }
  action.registeredArguments.forEach((a, i) => {
    const v = action.processedArgs[i];
    if (v === '' || (Array.isArray(v) && v.includes('')))
      throw new UserError(`<${a.name()}>: expected a value, found an empty string`);
  });
}

/**
 * An option's help line, marked "(required)" when the command cannot run without it (commander
 * shows no mark of its own), and without the empty list a repeatable option starts from.
 */
function markRequired(this: Help, option: Option): string {
  const base = Help.prototype.optionDescription.call(this, option).replace(/ \(default: \[\]\)$/, '');
  return option.mandatory ? `${base} (required)` : base;
}

/** Every command and subcommand with its one-line description, in help order (docs/reference.md). */
export async function commandSummaries(): Promise<{ name: string; description: string }[]> {
  const program = new Command('overthink');
  await registerCommands(program, undefined);
  const walk = (c: Command, prefix: string): { name: string; description: string }[] =>
    c.commands.flatMap((sub) => {
      const name = `${prefix}${sub.name()}`;
      const args = sub.registeredArguments
        .map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`))
        .join(' ');
      const self = { name: args ? `${name} ${args}` : name, description: sub.description() };
      return sub.commands.length ? walk(sub, `${name} `) : [self];
    });
  return walk(program, '');
}

export function handleError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0)
      return 0;
    return 2;
  }
  // A file-system mistake no command caught (a bad path, a read-only folder, a full disk) is still
  // one line naming the path, and exit 2: never a stack trace, never exit 1 ("the check failed").
  const e = err instanceof UserError ? err : pathError(err);
  if (e) {
    process.stderr.write(`overthink: ${stripSecrets(e.message)}\n`);
    return 2;
  }
  throw err;
}

function pathError(err: unknown): UserError | undefined {
  const { path, syscall } = err as { path?: unknown; syscall?: unknown };
  if (typeof path !== 'string') return undefined;
  if (isDiskFull(err)) return new UserError(`${path}: ${diskOf(path)} is full`);
  const reason = fsReason(err);
  return reason ? new UserError(`${path}: cannot ${String(syscall ?? 'use')} it (${reason})`) : undefined;
}
