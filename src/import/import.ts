import { createHash } from 'node:crypto';
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Budget, budgetLabel } from '../core/budget.js';
import type { ImportTool } from '../run/origin.js';
import { beginImmediate, commit, rollbackQuietly } from '../store/imported.js';
import { closeStore, openStore } from '../store/open.js';
import { UserError } from '../util/errors.js';
import { ImportWriter, type RunPlan } from './store.js';
import { badInput, type ForeignFile, type ImportedSample } from './types.js';

/**
 * Foreign files into the store, all or nothing. First every file is read through and checked
 * (fields, scores, the same sample twice, an item with two prompts) without opening the store, so a
 * bad input writes nothing, not even a new store file. Then the files are read again and written in
 * one transaction, which a failure rolls back. Samples of one tool, model and task make one run (a
 * sweep across the logs' budgets); `runName` puts everything in one run of that name. Files are read
 * one sample at a time both times, so memory stays small whatever their size.
 */
export interface ImportOptions {
  db: string;
  runName?: string;
}

export interface ImportedRun {
  id: string;
  name: string | null;
  tool: ImportTool;
  models: string[];
  tasks: string[];
  budgets: Budget[];
  added: number;
  already: number;
  notes: string[];
}

interface Planned extends RunPlan {
  models: Set<string>;
  tasks: Set<string>;
  /** Sample identity → where it was read, to find the same sample in two places. */
  seen: Map<string, string>;
  samples: number;
  errors: number;
  added: number;
  already: number;
}

export async function importForeign(files: ForeignFile[], o: ImportOptions): Promise<ImportedRun[]> {
  if (files.length === 0) throw new UserError('no files to import');
  const runs = new Map<string, Planned>();
  const read: { file: ForeignFile; sha256: string }[] = [];
  const shas = new Set<string>();
  // Pass 1: read and check everything.
  for (const file of files) {
    const sha256 = await digestOf(file.parts);
    if (shas.has(sha256)) continue; // the same file named twice
    shas.add(sha256);
    read.push({ file, sha256 });
    let n = 0;
    const inFile = new Map<string, number>();
    for await (const s of file.samples()) {
      n++;
      const run = planFor(runs, file, s, o.runName);
      const id = identity(s);
      const first = run.seen.get(id);
      if (first)
        throw badInput(
          file.path,
          s.where,
          `the same sample (${s.model} · ${s.taskId} · item ${s.item.itemId} · budget ${budgetLabel(s.budget)} · epoch ${s.trial + 1}) as ${first}; import one of them under another --run-name${file.tool === 'lm-eval' ? ', or name the setting they differ in with --budget-key' : ''}`,
        );
      run.seen.set(id, `${file.path}: ${s.where}`);
      for (const note of s.notes) if (!run.notes.includes(note)) run.notes.push(note);
      run.samples++;
      if (s.error !== null) run.errors++;
      inFile.set(run.id, (inFile.get(run.id) ?? 0) + 1);
    }
    if (n === 0) throw badInput(file.path, '', 'holds no samples to import');
    for (const [id, samples] of inFile) runs.get(id)?.files.push({ path: file.path, sha256, samples });
    for (const run of runs.values()) {
      if (inFile.has(run.id)) {
        run.toolVersion ??= file.toolVersion;
        if (file.simulated) run.simulated = true;
      }
    }
  }

  // Pass 2: the same reading, into the store, in one transaction.
  const created = !existsSync(resolve(o.db));
  const db = openStore(o.db);
  let committed = false;
  try {
    beginImmediate(db);
    const w = new ImportWriter(db);
    for (const { file, sha256 } of read) {
      if ((await digestOf(file.parts)) !== sha256)
        throw badInput(file.path, '', 'changed while it was being imported; nothing was imported');
      for await (const s of file.samples()) {
        const run = planFor(runs, file, s, o.runName);
        w.writeItem(run.id, s.taskId, s.item, file.path, s.where);
        if (w.writeSample(run.id, s, file.path, sha256)) run.added++;
        else run.already++;
      }
    }
    // A run this import added nothing to is left exactly as it was.
    for (const run of runs.values())
      if (run.added > 0) w.writeRun(run, run.errors ? 'incomplete' : 'complete');
    commit(db);
    committed = true;
  } finally {
    if (!committed) rollbackQuietly(db);
    closeStore(db);
    // A store this import created and could not fill is not left behind.
    if (!committed && created) for (const f of ['', '-wal', '-shm']) rmSync(`${o.db}${f}`, { force: true });
  }
  return [...runs.values()].map((r) => ({
    id: r.id,
    name: r.name,
    tool: r.tool,
    models: [...r.models].sort(),
    tasks: [...r.tasks].sort(),
    budgets: [...r.budgets].sort((a, b) => (a === 'natural' ? -1 : b === 'natural' ? 1 : a - b)),
    added: r.added,
    already: r.already,
    notes: r.notes,
  }));
}

/** The run a sample belongs to: its tool, model and task, or the one named run. */
function planFor(runs: Map<string, Planned>, file: ForeignFile, s: ImportedSample, name?: string): Planned {
  const group = name ? { name } : { tool: file.tool, model: s.model, task: s.taskId };
  const id = `i-${createHash('sha256').update(JSON.stringify(group)).digest('hex').slice(0, 12)}`;
  let run = runs.get(id);
  if (!run) {
    run = {
      id,
      name: name ?? null,
      tool: file.tool,
      toolVersion: null,
      budgets: new Set(),
      files: [],
      notes: [],
      simulated: false,
      models: new Set(),
      tasks: new Set(),
      seen: new Map(),
      samples: 0,
      errors: 0,
      added: 0,
      already: 0,
    };
    runs.set(id, run);
  }
  if (run.tool !== file.tool)
    throw badInput(
      file.path,
      '',
      `run ${name} already takes ${run.tool} files in this import; give ${file.tool} files another --run-name`,
    );
  run.models.add(s.model);
  run.tasks.add(s.taskId);
  run.budgets.add(s.budget);
  return run;
}

function identity(s: ImportedSample): string {
  return [s.model, s.taskId, s.item.itemId, budgetLabel(s.budget), s.trial, s.variant].join('\u0000');
}

/** One digest over every file a foreign file is made of, read as a stream. */
async function digestOf(parts: string[]): Promise<string> {
  const h = createHash('sha256');
  for (const p of parts) {
    for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
    h.update('\u0000');
  }
  return h.digest('hex');
}
