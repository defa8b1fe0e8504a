import type { ZodError, ZodType } from 'zod';
import { didYouMean } from '../util/did-you-mean.js';

type Issue = ZodError['issues'][number];
type Path = readonly PropertyKey[];

/**
 * A validation error in a person's words, on one line: where (the field path), what was expected
 * and what was found, with "did you mean" for a misspelt field or choice. The schema library's own
 * phrasing ("expected a array", "Too small: expected number to be >=1") never reaches the reader.
 * An unknown field is reported first: a typo (`task:`) also makes the real field look missing.
 */
export function formatZodError(err: ZodError, schema?: ZodType, input?: unknown, prefix: Path = []): string {
  const issues = [...err.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const { path, text } = explain(first, schema, input, first.path);
  return `${pathText([...prefix, ...path]) || '(top level)'}: ${text}${more}`;
}

/** Where an issue really is (a union's inner issue sits deeper than the union) and what it says. */
function explain(
  issue: Issue,
  schema: ZodType | undefined,
  input: unknown,
  path: Path,
): { path: Path; text: string } {
  if (issue.code === 'invalid_union') {
    // The branch that got furthest is the one the author meant (a list with a bad element, an
    // object with a bad field), rather than "not a string".
    const branch = [...issue.errors].filter((b) => b.length > 0).sort((a, b) => depth(b) - depth(a))[0];
    const inner = branch?.[0];
    if (inner && (inner.path.length > 0 || inner.code === 'unrecognized_keys')) {
      const deeper = explain(
        inner,
        schema && unionBranch(schema, path, inner),
        valueAt(input, path),
        inner.path,
      );
      return { path: [...path, ...deeper.path], text: deeper.text };
    }
  }
  return { path, text: issueText(issue, schema, input, path) };
}

/** Fields people put in the wrong place, and where they go. */
const MISPLACED: Record<string, string> = {
  prices:
    'prices belong to a model entry: models: [{ id: anthropic:…, prices: { input: 3, output: 15 } }] (USD per million tokens)',
  baseUrl: 'baseUrl belongs to a model entry: models: [{ id: openai-compatible:…, baseUrl: http://… }]',
};

/** `models[0].prices.output` */
export function pathText(path: Path): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

function issueText(issue: Issue, schema: ZodType | undefined, input: unknown, path: Path): string {
  const value = valueAt(input, path);
  const custom = isCustom(issue.message) ? issue.message : undefined;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = schema ? fieldsAt(schema, path) : [];
      const hints = issue.keys.map((k) => didYouMean(k, known));
      return issue.keys
        .map(
          (k, i) =>
            `unknown field '${k}'${hints[i]}${MISPLACED[k] && !known.includes(k) ? `: ${MISPLACED[k]}` : ''}`,
        )
        .concat(
          known.length && hints.every((h) => h === '') && !issue.keys.some((k) => MISPLACED[k])
            ? [`expected one of ${known.join(', ')}`]
            : [],
        )
        .join('; ');
    }
    case 'invalid_type':
      if (value === undefined) return `missing: expected ${custom ?? noun(issue.expected)}`;
      return `expected ${custom ?? noun(issue.expected)}, found ${found(value)}`;
    case 'too_small':
    case 'too_big': {
      if (custom) return `expected ${custom}, found ${found(value)}`;
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const what =
        issue.origin === 'array'
          ? `${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`
          : issue.origin === 'string'
            ? `${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} character${bound === 1 ? '' : 's'}`
            : issue.inclusive === false
              ? `a number ${issue.code === 'too_small' ? 'above' : 'below'} ${bound}`
              : `${bound} or ${issue.code === 'too_small' ? 'more' : 'less'}`;
      return `expected ${what}, found ${found(value)}`;
    }
    case 'invalid_value': {
      const choices = issue.values.map((v) => String(v));
      return `expected one of ${choices.map((c) => `'${c}'`).join(', ')}, found ${found(value)}${typeof value === 'string' ? didYouMean(value, choices) : ''}`;
    }
    case 'invalid_union':
      return custom
        ? `expected ${custom}, found ${found(value)}`
        : `not a valid value, found ${found(value)}`;
    case 'invalid_format':
      return `expected ${custom ?? `a valid ${issue.format}`}, found ${found(value)}`;
    default:
      return custom ? `expected ${custom}` : issue.message;
  }
}

/** The schema library's own messages start like these; ours read as what was expected. */
function isCustom(message: string): boolean {
  return !/^(Invalid|Too (small|big)|Unrecognized|Expected)/.test(message);
}

function noun(expected: string): string {
  const nouns: Record<string, string> = {
    array: 'a list',
    object: 'a mapping (field: value)',
    record: 'a mapping (field: value)',
    number: 'a number',
    int: 'a whole number',
    string: 'text',
    boolean: 'true or false',
  };
  return nouns[expected] ?? expected;
}

/** The value as a reader would recognise it in their file. */
function found(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  const s = typeof v === 'string' ? `'${v}'` : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function valueAt(input: unknown, path: Path): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function depth(branch: Issue[]): number {
  const i = branch[0];
  return i.path.length * 2 + (i.code === 'invalid_type' ? 0 : 1);
}

/** zod's internal definition, the part we walk. */
interface Def {
  type: string;
  shape?: Record<string, ZodType>;
  element?: ZodType;
  options?: ZodType[];
  innerType?: ZodType;
  valueType?: ZodType;
}
function defOf(s: ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** Unwraps optional, default and the like. */
function unwrap(s: ZodType): ZodType {
  let cur = s;
  for (let d = defOf(cur); d.innerType; d = defOf(cur)) cur = d.innerType;
  return cur;
}

/** The schema at a path: through objects, arrays, records and (every branch of) unions. */
function schemasAt(schema: ZodType, path: Path): ZodType[] {
  let cur = [unwrap(schema)];
  for (const p of path) {
    const next: ZodType[] = [];
    for (const s of cur.flatMap((x) => {
      const d = defOf(x);
      return d.type === 'union' ? (d.options ?? []).map(unwrap) : [x];
    })) {
      const d = defOf(s);
      if (d.type === 'object' && typeof p === 'string' && d.shape?.[p]) next.push(unwrap(d.shape[p]));
      if (d.type === 'array' && typeof p === 'number' && d.element) next.push(unwrap(d.element));
      if (d.type === 'record' && d.valueType) next.push(unwrap(d.valueType));
    }
    cur = next;
  }
  return cur;
}

/** The fields an object at this path may have (the union of every object branch). */
export function fieldsAt(schema: ZodType, path: Path): string[] {
  const out = new Set<string>();
  for (const s of schemasAt(schema, path)) {
    const d = defOf(s);
    const objects = d.type === 'union' ? (d.options ?? []).map(unwrap) : [s];
    for (const o of objects) {
      const od = defOf(o);
      if (od.type === 'object') for (const k of Object.keys(od.shape ?? {})) out.add(k);
    }
  }
  return [...out];
}

/** The object branch of a union an inner issue came from, so its field names can be suggested. */
function unionBranch(schema: ZodType, path: Path, inner: Issue): ZodType | undefined {
  if (inner.path.length === 0 && inner.code !== 'unrecognized_keys') return undefined;
  for (const s of schemasAt(schema, path)) {
    const d = defOf(s);
    const object = (d.type === 'union' ? (d.options ?? []) : [s]).find(
      (o) => defOf(unwrap(o)).type === 'object',
    );
    if (object) return object;
  }
  return undefined;
}
