/**
 * Where a run's samples came from. A run overthink made has no origin in its manifest; an imported
 * one names the tool, its version and the files it was read from, with notes on what the files did
 * not say (counts derived from summarised thinking, rows served from a cache, partial credit). Every
 * reading command shows it, so an imported sweep is never taken for one overthink ran.
 */
export type ImportTool = 'inspect' | 'promptfoo' | 'lm-eval';

export interface RunOrigin {
  tool: ImportTool;
  /** The tool's version as its files record it, or null when they do not. */
  toolVersion: string | null;
  /** Each file read, as it was given on the command line, with its sha256 and samples. */
  files: { path: string; sha256: string; samples: number }[];
  importedAt: string;
  /** What the files lacked or what was assumed, one sentence each. */
  notes: string[];
}

export const TOOL_NAMES: Record<ImportTool, string> = {
  inspect: 'Inspect AI',
  promptfoo: 'promptfoo',
  'lm-eval': 'lm-evaluation-harness',
};

/** The origin a run's manifest records; null for a run overthink made (or a manifest it cannot read). */
export function originOf(manifestJson: string): RunOrigin | null {
  try {
    const o = (JSON.parse(manifestJson) as { origin?: RunOrigin }).origin;
    return o && typeof o === 'object' && typeof o.tool === 'string' ? o : null;
  } catch {
    return null;
  }
}

/** "imported from Inspect AI 0.3.95 (3 files: a.eval, b.eval, c.eval)", or "made by overthink". */
export function describeOrigin(o: RunOrigin | null): string {
  if (!o) return 'made by overthink';
  const names = o.files.map((f) => f.path);
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
  const files = `${names.length} file${names.length === 1 ? '' : 's'}: ${shown}`;
  return `imported from ${TOOL_NAMES[o.tool] ?? o.tool}${o.toolVersion ? ` ${o.toolVersion}` : ''} (${files})`;
}
