import { createHash } from 'node:crypto';
import type { Budget } from '../core/budget.js';
import { hashKey, type SampleKey } from '../core/sample-key.js';
import { armPrompt } from '../prompts/anchoring.js';
import type { RunOrigin } from '../run/origin.js';
import { budgetToDb } from '../store/budget-column.js';
import type { DB } from '../store/db.js';
import { type ImportStatements, importStatements } from '../store/imported.js';
import { upsertRun } from '../store/runs.js';
import type { SampleRow } from '../store/samples.js';
import { heldTrials, heldValues } from '../store/samples.js';
import { VERSION } from '../version.js';
import { badInput, type ImportedItem, type ImportedSample } from './types.js';

/**
 * An import's writes: the run row (its manifest carrying the origin), the items, the samples and the
 * scores they came with. The caller holds one transaction around all of it. A sample already stored
 * with the same content is left as it is (importing a log twice adds nothing); one stored with other
 * content is a conflict the caller reports, never an overwrite.
 */
export interface RunPlan {
  id: string;
  name: string | null;
  tool: RunOrigin['tool'];
  toolVersion: string | null;
  budgets: Set<Budget>;
  files: RunOrigin['files'];
  notes: string[];
  simulated: boolean;
}

export class ImportWriter {
  private readonly sql: ImportStatements;
  private readonly now = new Date().toISOString();

  constructor(private readonly db: DB) {
    this.sql = importStatements(db);
  }

  /** The run's row, merged with what an earlier import of the same run recorded. */
  writeRun(plan: RunPlan, status: 'complete' | 'incomplete'): void {
    const old = this.sql.run(plan.id);
    const before = old ? (JSON.parse(old.manifest_json) as { origin?: RunOrigin }).origin : undefined;
    if (old && !before) throw new Error(`run ${plan.id} exists and was not imported`);
    if (before && before.tool !== plan.tool)
      throw badInput(
        plan.files[0]?.path ?? '',
        '',
        `run ${plan.name ?? plan.id} holds samples imported from ${before.tool}; import ${plan.tool} files under another --run-name`,
      );
    const files = [...(before?.files ?? [])];
    for (const f of plan.files) if (!files.some((g) => g.sha256 === f.sha256)) files.push(f);
    const origin: RunOrigin = {
      tool: plan.tool,
      toolVersion: plan.toolVersion ?? before?.toolVersion ?? null,
      files,
      importedAt: before?.importedAt ?? this.now,
      notes: [...new Set([...(before?.notes ?? []), ...plan.notes])],
    };
    const budgets = [...new Set([...budgetsOf(old?.config_json), ...plan.budgets])];
    const numeric = budgets.filter((b): b is number => b !== 'natural').sort((a, b) => a - b);
    // The experiment the imported samples amount to, in the shape a run's config has, so every reader
    // of a run (runs show, view, completeness) reads it as it reads its own: models and tasks as
    // stored, the epochs as trials, the tool's variant as the prompt arm (its anchoring arms, if an
    // overthink export named them), seed 0 for unknown.
    const arms = armsOfVariants(heldValues(this.db, plan.id, 'variant'));
    const config = {
      imported: plan.tool,
      models: heldValues(this.db, plan.id, 'model'),
      tasks: heldValues(this.db, plan.id, 'task_id'),
      regime: numeric.length ? 'controlled' : 'natural',
      budgets: numeric,
      trials: heldTrials(this.db, plan.id),
      seed: 0,
      prompt: arms.prompt,
      anchoring: arms.anchoring,
      // Scores come with the samples (imported_scores); the extractor is only for what has none.
      extractor: 'overthink',
    };
    const manifest = {
      tool: 'overthink',
      toolVersion: VERSION,
      origin,
      simulated: plan.simulated,
      models: heldValues(this.db, plan.id, 'model').map((id) => ({ id })),
      tasks: heldValues(this.db, plan.id, 'task_id').map((id) => ({
        id,
        metric: 'accuracy',
        ...this.taskItems(plan.id, id),
      })),
    };
    upsertRun(this.db, {
      id: plan.id,
      name: plan.name ?? old?.name ?? null,
      created_at: old?.created_at ?? this.now,
      updated_at: this.now,
      status,
      tool_version: VERSION,
      simulated: plan.simulated || old?.simulated === 1 ? 1 : 0,
      config_json: JSON.stringify(config),
      manifest_json: JSON.stringify(manifest),
    });
    // upsertRun keeps a row's config; an import that adds budgets changes it.
    this.sql.setConfig(plan.id, JSON.stringify(config), plan.name ?? old?.name ?? null);
  }

  /** An item, once per run; the same id with another prompt or target is a conflict. */
  writeItem(runId: string, taskId: string, it: ImportedItem, file: string, where: string): void {
    const target = JSON.stringify(it.target);
    const have = this.sql.storedItem(runId, taskId, it.itemId);
    if (!have) {
      this.sql.insertItem(
        runId,
        taskId,
        it.itemId,
        it.prompt,
        target,
        it.meta ? JSON.stringify(it.meta) : null,
      );
      return;
    }
    if (have.prompt !== it.prompt || have.target_json !== target)
      throw badInput(
        file,
        where,
        `item ${it.itemId} of ${taskId} has another input or target than the one already stored in this run; import it under another --run-name`,
      );
  }

  /** Writes a sample; false when the same sample was already stored. */
  writeSample(runId: string, s: ImportedSample, file: string, fileSha: string): boolean {
    const k: SampleKey = {
      model: s.model,
      taskId: s.taskId,
      itemId: s.item.itemId,
      regime: s.budget === 'natural' ? 'natural' : 'controlled',
      budget: s.budget,
      trial: s.trial,
      variant: s.variant,
    };
    const key = hashKey(runId, k);
    const digest = sampleDigest(s);
    const stored = this.sql.storedRaw(key);
    if (stored !== undefined) {
      if (digestOf(stored) === digest) return false;
      throw badInput(
        file,
        s.where,
        `this run already holds another sample for ${s.model} · ${s.taskId} · item ${s.item.itemId} · budget ${s.budget} · epoch ${s.trial + 1}; import it under another --run-name`,
      );
    }
    const row: SampleRow = {
      key,
      run_id: runId,
      model: k.model,
      task_id: k.taskId,
      item_id: k.itemId,
      regime: k.regime,
      budget: budgetToDb(k.budget),
      trial: k.trial,
      variant: k.variant,
      // Not recorded by the tool: 0 stands for unknown (the seed and limit of an imported sample).
      seed: 0,
      max_tokens: s.maxTokens ?? 0,
      sent_params: s.sentParams ? JSON.stringify(s.sentParams) : null,
      budget_note: s.budgetNote,
      text: s.text,
      reasoning_text: s.reasoningText,
      raw: JSON.stringify({ ...s.raw, imported: { file, sha256: fileSha, where: s.where, digest } }),
      input_tokens: s.inputTokens,
      output_tokens: s.outputTokens,
      reasoning_tokens: s.reasoningTokens,
      reasoning_source: s.reasoningSource,
      stop_reason: s.stopReason,
      latency_ms: s.latencyMs,
      cost_usd: s.costUsd,
      attempts: 1,
      error: s.error,
      error_class: s.error === null ? null : 'imported',
      finished_at: this.now,
    };
    this.sql.insertSample(row);
    if (s.score) this.sql.insertScore(key, runId, JSON.stringify(s.score));
    return true;
  }

  /** A task's item count and a digest of its items (ids, prompts, targets), as a run's manifest has. */
  private taskItems(runId: string, taskId: string): { items: number; sha256: string } {
    const h = createHash('sha256');
    let items = 0;
    for (const r of this.sql.taskItems(runId, taskId)) {
      h.update(r.join('\u0000')).update('\u0001');
      items++;
    }
    return { items, sha256: h.digest('hex') };
  }
}

/** What makes two imported samples the same: their content, whatever file or member it came from. */
export function sampleDigest(s: ImportedSample): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        s.text,
        s.reasoningText,
        s.inputTokens,
        s.outputTokens,
        s.reasoningTokens,
        s.reasoningSource,
        s.stopReason,
        s.error,
        s.score,
        s.sentParams,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}

function digestOf(raw: string | null): string | null {
  try {
    const d = (JSON.parse(raw ?? 'null') as { imported?: { digest?: unknown } } | null)?.imported?.digest;
    return typeof d === 'string' ? d : null;
  } catch {
    return null;
  }
}

function budgetsOf(configJson: string | undefined): Budget[] {
  if (!configJson) return [];
  const b = (JSON.parse(configJson) as { budgets?: unknown }).budgets;
  return Array.isArray(b) ? b.filter((x): x is number => typeof x === 'number') : [];
}

/**
 * A run's variants as a prompt arm and its anchoring arms ('inspect'; or 'paper', 'paper+4shot' from
 * an overthink export). Variants that share no prompt keep the first as the prompt.
 */
function armsOfVariants(variants: string[]): { prompt: string; anchoring: number[] } {
  const prompt = variants.map(armPrompt).sort()[0] ?? 'imported';
  const shots = variants.flatMap((v) => {
    const m = /^([^+]+)(?:\+(\d+)shot)?$/.exec(v);
    return m && m[1] === prompt ? [m[2] ? Number(m[2]) : 0] : [];
  });
  return { prompt, anchoring: shots.length ? [...new Set(shots)].sort((a, b) => a - b) : [0] };
}
