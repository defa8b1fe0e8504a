/** The charts of one task × variant section, as SVG text (inlined in the HTML) and file paths. */
export interface TaskCharts {
  taskId: string;
  variant: string;
  curve?: string;
  /** One small panel per stratum, when the task has strata. */
  strata?: string;
  compliance?: string;
  tags?: string;
  natural?: string;
  /** What the answers that were not right were, per budget. */
  losses?: string;
  /** Every prompt arm of the task on one chart (anchoring), shown in the plain arm's section. */
  arms?: string;
  /** The answer over the trace (early-exit replay), when the run was replayed. */
  replay?: string;
  /** Majority@k of short samples against one long sample at matched tokens. */
  parallel?: string;
  heatmaps: { model: string; svg: string }[];
}
