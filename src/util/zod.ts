/**
 * The part of zod this project uses, imported as `import * as z from '…/util/zod.js'`. zod's own `z`
 * is one object holding all of zod, which no bundler can trim; named exports can be, and the CLI's
 * bundle then carries half of zod (~190 KB less to parse at every start).
 */

export type { infer, input, output, ZodType } from 'zod';
export {
  array,
  boolean,
  discriminatedUnion,
  enum,
  literal,
  number,
  object,
  record,
  string,
  union,
  unknown,
  ZodError,
} from 'zod';
