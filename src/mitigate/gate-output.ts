import { escapeHtml } from '../util/html.js';
import type { GateCase } from './gate.js';

/** JUnit XML: one test suite per rule, one test case per rule × model × task × variant. */
export function junitXml(cases: GateCase[], runId: string): string {
  const byRule = new Map<string, GateCase[]>();
  for (const c of cases) byRule.set(c.name, [...(byRule.get(c.name) ?? []), c]);
  const x = (s: string) => escapeHtml(stripInvalidXml(s));
  const failures = cases.filter((c) => !c.passed).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="overthink gate ${x(runId)}" tests="${cases.length}" failures="${failures}">`,
  ];
  for (const [rule, list] of byRule) {
    const f = list.filter((c) => !c.passed).length;
    lines.push(`  <testsuite name="${x(rule)}" tests="${list.length}" failures="${f}">`);
    for (const c of list) {
      const name = `${c.taskId} · ${c.model}${c.variant !== 'paper' ? ` · ${c.variant}` : ''}${c.stratum !== 'all' ? ` · ${c.stratum}` : ''}`;
      lines.push(`    <testcase classname="${x(`overthink.${rule}`)}" name="${x(name)}">`);
      if (!c.passed)
        lines.push(`      <failure message="${x(c.detail)}" type="${x(c.rule)}">${x(c.detail)}</failure>`);
      else lines.push(`      <system-out>${x(c.detail)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** A Markdown summary for a CI job page. */
/** `source`: where an imported run came from (run/origin.ts describeOrigin); absent for a run overthink made. */
export function markdownSummary(
  cases: GateCase[],
  runId: string,
  simulated: boolean,
  source?: string,
): string {
  const failed = cases.filter((c) => !c.passed);
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `## overthink gate: ${failed.length ? `❌ ${failed.length} of ${cases.length} checks failed` : `✅ all ${cases.length} checks passed`}`,
    '',
    `Run \`${runId}\`${simulated ? ' — **SIMULATED MODEL**' : ''}${source ? ` — ${cell(source)}` : ''}`,
    '',
    '| result | rule | task | model | detail |',
    '|---|---|---|---|---|',
    ...cases.map(
      (c) =>
        `| ${c.passed ? 'pass' : '**FAIL**'} | ${cell(c.name)} | ${cell(c.taskId)}${c.stratum !== 'all' ? ` (${cell(c.stratum)})` : ''} | ${cell(c.model)}${c.variant !== 'paper' ? ` · ${cell(c.variant)}` : ''} | ${cell(c.detail)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** XML 1.0 forbids most control characters even when escaped. */
function stripInvalidXml(s: string): string {
  return s.replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');
}
