import { basename, extname, isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../../util/errors.js';
import * as z from '../../util/zod.js';
import type { TaskDefinition } from '../types.js';
import { countJsonlRecords, formatFromPath, jsonlRecords, readRecords } from './read.js';
import { DEFAULT_FIELDS, type FieldMap, recordConverter, recordsToItems } from './records.js';

const column = z.string().min(1, 'a column name');

const customOptions = z
  .object({
    /** The dataset file; relative paths resolve against the config file's folder. */
    path: z.string().min(1, 'a dataset path'),
    /** Defaults from the extension: .jsonl/.ndjson, .csv, .json. */
    format: z.enum(['jsonl', 'csv', 'json']).optional(),
    fields: z
      .object({
        id: column.optional(),
        prompt: column.optional(),
        answer: column.optional(),
        classes: column.optional(),
        answerIndex: column.optional(),
        strata: z.array(column).optional(),
      })
      .strict()
      .optional(),
    /** Task id the items carry in the store and report; defaults to `custom:<file name>`. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9:_.-]*$/, 'a name of letters, digits and : _ . -')
      .optional(),
  })
  .strict();

export type CustomOptions = z.output<typeof customOptions>;

/** Where a dataset is, how it is named in messages, its format, fields and task id. */
function dataset(options: CustomOptions, baseDir: string) {
  const file = isAbsolute(options.path) ? options.path : resolve(baseDir, options.path);
  // Messages name the file as the user wrote it (relative to the config), not an absolute path.
  const label = isAbsolute(options.path) ? options.path : relative(process.cwd(), file) || options.path;
  const format = options.format ?? formatFromPath(file);
  if (!format) {
    throw new UserError(
      `${label}: cannot tell the format from the extension '${extname(file)}'; set options.format to jsonl, csv or json`,
    );
  }
  // Drop unset entries so they fall back to the defaults rather than erase them.
  const given = Object.fromEntries(Object.entries(options.fields ?? {}).filter(([, v]) => v !== undefined));
  const fields: FieldMap = { ...DEFAULT_FIELDS, ...given };
  const taskId = options.name ?? `custom:${basename(file, extname(file))}`;
  return { file, label, format, fields, taskId };
}

/**
 * Any user dataset (or the paper's released JSONL) as a task: `prompt` + `answer`, or `classes` +
 * `answer_index`, with optional strata columns. Numeric answers are scored as numbers, classes as
 * multiple choice, anything else as an exact string.
 */
export const customTask: TaskDefinition<CustomOptions> = {
  id: 'custom',
  family: 'custom',
  description: "Your own dataset from JSONL, CSV or JSON (the paper's record format loads as is).",
  metric: 'accuracy',
  options: customOptions,
  load(options, ctx) {
    const d = dataset(options, ctx.baseDir);
    return recordsToItems(readRecords(d.file, d.format, d.label), d.fields, d.taskId, d.label);
  },
  // JSON lines one record at a time (counted, a second read of the file, only if a record has no id:
  // it is named by its place, padded to the count's width); CSV and JSON are parsed whole, as `load`
  // does.
  *stream(options, ctx) {
    const d = dataset(options, ctx.baseDir);
    if (d.format !== 'jsonl') {
      yield* recordsToItems(readRecords(d.file, d.format, d.label), d.fields, d.taskId, d.label);
      return;
    }
    const convert = recordConverter(d.fields, d.taskId, d.label, () => countJsonlRecords(d.file));
    let index = 0;
    for (const r of jsonlRecords(d.file)) yield convert(r, index++);
    // `load` reads an empty file again for its message.
    if (index === 0) throw new Error('no records');
  },
};
