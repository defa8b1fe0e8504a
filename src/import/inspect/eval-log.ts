import { closeSync, openSync, readSync } from 'node:fs';
import { parseJsonText } from '../json-text.js';
import { badInput, isObject, shown } from '../types.js';

export { isObject };

import { EvalZip } from './eval-zip.js';
import { jsonLogParts } from './json-log.js';

/**
 * An Inspect log in either form, as its header (the EvalLog without samples) and its samples one at
 * a time. `.eval`: header.json, then each samples/<id>_epoch_<n>.json member. `.json`: the fields
 * before `samples`, then each element. The log format's version must be one this reader knows: 1
 * and 2 (Inspect's LOG_SCHEMA_VERSION) and 3 (the message-pool logs some 0.3.13x versions wrote).
 */
export type Json = Record<string, unknown>;

export interface LogSample {
  header: Json;
  sample: Json;
  /** Where the sample is in the file: a member name or samples[i]. */
  where: string;
}

const KNOWN_VERSIONS = [1, 2, 3];
/** A ZIP's local file header: what Inspect itself looks for to tell an .eval log. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const SAMPLE_MEMBER = /^samples\/([^/]+)_epoch_(\d+)\.json$/;
/** Inspect's chunked sample layout (samples/<id>_epoch_<n>/sample.json and sequences). */
const CHUNKED_MEMBER = /^samples\/[^/]+\/sample\.json$/;

/** Which form a file is: by its first bytes (a ZIP's local header, or JSON), whatever its name. */
export function logForm(file: string): 'eval' | 'json' {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    if (n === 0) throw badInput(file, '', 'empty: not an Inspect log');
    return n === 4 && head.equals(ZIP_MAGIC) ? 'eval' : 'json';
  } finally {
    closeSync(fd);
  }
}

export async function* logSamples(file: string): AsyncGenerator<LogSample> {
  if (logForm(file) === 'eval') yield* evalSamples(file);
  else yield* jsonSamples(file);
}

async function* evalSamples(file: string): AsyncGenerator<LogSample> {
  const zip = await EvalZip.open(file);
  try {
    if (!zip.has('header.json'))
      throw badInput(
        file,
        'header.json',
        'missing: the eval was still running, or the file was cut short (Inspect writes it when the eval ends)',
      );
    const header = checkHeader(file, parseJsonText(await zip.text('header.json'), file, 'header.json'));
    const chunked = zip.names().find((n) => CHUNKED_MEMBER.test(n));
    if (chunked)
      throw badInput(
        file,
        chunked,
        "a chunked sample (Inspect's large-sample layout), which this version of overthink does not read yet",
      );
    const members = zip
      .names()
      .filter((n) => SAMPLE_MEMBER.test(n))
      .sort(byIdAndEpoch);
    for (const where of members) {
      const sample = parseJsonText(await zip.text(where), file, where);
      if (!isObject(sample)) throw badInput(file, where, 'not a JSON object');
      yield { header, sample, where };
    }
  } finally {
    zip.close();
  }
}

async function* jsonSamples(file: string): AsyncGenerator<LogSample> {
  const fields: Json = {};
  let header: Json | undefined;
  for await (const part of jsonLogParts(file)) {
    if ('key' in part) {
      if (!header) fields[part.key] = part.value;
      continue;
    }
    header ??= checkHeader(file, fields);
    const where = `samples[${part.index}]`;
    if (!isObject(part.sample)) throw badInput(file, `${where} (line ${part.line})`, 'not a JSON object');
    yield { header, sample: part.sample, where };
  }
  // A log with no samples still has to be a log.
  header ??= checkHeader(file, fields);
}

function checkHeader(file: string, h: unknown): Json {
  if (!isObject(h)) throw badInput(file, '', 'not an Inspect log (expected a JSON object)');
  if (!('version' in h) && !('eval' in h))
    throw badInput(file, '', 'not an Inspect log: it has neither "version" nor "eval"');
  if (!Number.isInteger(h.version) || !KNOWN_VERSIONS.includes(h.version as number))
    throw badInput(
      file,
      'version',
      `log format version ${shown(h.version)} is not one overthink reads (${KNOWN_VERSIONS.join(', ')})`,
    );
  if (!isObject(h.eval)) throw badInput(file, 'eval', 'missing: not an Inspect log header');
  for (const f of ['model', 'task'] as const)
    if (typeof h.eval[f] !== 'string' || h.eval[f] === '')
      throw badInput(file, `eval.${f}`, `expected a name, found ${shown(h.eval[f])}`);
  return h;
}

/** samples/<id>_epoch_<n>.json by id (numbers as numbers) and then epoch, so every read is in one order. */
function byIdAndEpoch(a: string, b: string): number {
  const [, ia, ea] = SAMPLE_MEMBER.exec(a) ?? [];
  const [, ib, eb] = SAMPLE_MEMBER.exec(b) ?? [];
  return ia.localeCompare(ib, 'en', { numeric: true }) || Number(ea) - Number(eb);
}
