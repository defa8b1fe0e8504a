import { completeness } from '../analysis/completeness.js';
import { computeCurves } from '../analysis/curves.js';
import { loadRunData } from '../analysis/samples.js';
import { analyseShapes } from '../analysis/shape.js';
import { analyseTrends } from '../analysis/trend.js';
import { evaluateGate, type GateCase, gateRefusal } from '../mitigate/gate.js';
import { junitXml, markdownSummary } from '../mitigate/gate-output.js';
import { DEFAULT_RULES, type GateRuleInput, parseRules } from '../mitigate/gate-rules.js';
import { describeOrigin } from '../run/origin.js';
import { openStore } from '../store/open.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';

export interface GateOptions {
  /** The store file (SQLite). */
  db: string;
  /** A run id or name; default: the store's latest run. */
  run?: string;
  /** Default: no-decline, max-drop 0.02, no-decline-from-best 0.02, max-unparsable 0.05. */
  rules?: GateRuleInput[];
  /** Where to write the JUnit XML and the Markdown summary, if anywhere. */
  junit?: string;
  markdown?: string;
}

export interface GateVerdict {
  run: string;
  simulated: boolean;
  /** Where an imported run came from; absent for runs overthink made. */
  source?: string;
  passed: boolean;
  failed: number;
  checks: GateCase[];
}

/**
 * store → curves → trends and shapes → rules: a stored run's release verdict. A run that is not
 * complete, or lacks what a rule needs, is not judged (a UserError says what is missing), nor is one
 * no rule applies to. Writes the JUnit XML and the Markdown summary where asked.
 */
export function gateRun(o: GateOptions): { verdict: GateVerdict; markdown: string; files: string[] } {
  const rules = o.rules ? parseRules(o.rules) : DEFAULT_RULES;
  const db = openStore(o.db, { readonly: true });
  try {
    const data = loadRunData(db, o.run, { tags: false, excerptChars: 0 });
    const refusal = gateRefusal(rules, completeness(data), data.run.id);
    if (refusal) throw new UserError(refusal);
    const curves = computeCurves(data);
    const trends = analyseTrends(data, curves);
    const checks = evaluateGate(rules, { curves, trends, shapes: analyseShapes(data, curves) });
    if (checks.length === 0)
      throw new UserError(
        `no rule applies to run ${data.run.id} (check the rules' tasks, models and stratum)`,
      );
    const failed = checks.filter((c) => !c.passed).length;
    const files: string[] = [];
    if (o.junit) {
      writeFileAtomic(o.junit, junitXml(checks, data.run.id), 'the JUnit report');
      files.push(o.junit);
    }
    const source = data.origin ? describeOrigin(data.origin) : undefined;
    const markdown = markdownSummary(checks, data.run.id, data.simulated, source);
    if (o.markdown) {
      writeFileAtomic(o.markdown, markdown, 'the Markdown summary');
      files.push(o.markdown);
    }
    const verdict: GateVerdict = {
      run: data.run.id,
      simulated: data.simulated,
      ...(source ? { source } : {}),
      passed: failed === 0,
      failed,
      checks,
    };
    return { verdict, markdown, files };
  } finally {
    db.close();
  }
}
