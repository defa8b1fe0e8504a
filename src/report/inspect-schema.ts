import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { packageFile } from '../util/package-root.js';

/**
 * Inspect AI's log schema (data/inspect/inspect-openapi.json, an OpenAPI 3.1 document, so JSON Schema
 * 2020-12), compiled once with ajv. `checkEvalLog` says what is wrong with a log, or nothing.
 * OpenAPI's `discriminator` is an annotation here (strict mode off): the `oneOf`s it annotates are
 * checked all the same.
 */
let validate: ValidateFunction | undefined;

function evalLogValidator(): ValidateFunction {
  if (validate) return validate;
  const doc = JSON.parse(readFileSync(packageFile('data', 'inspect', 'inspect-openapi.json'), 'utf8')) as {
    components: unknown;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  // ajv-formats is CommonJS whose module.exports is the plugin; typed as the ES default it sits behind.
  formatsPlugin.default(ajv);
  ajv.addSchema({ $id: 'inspect-openapi', components: doc.components });
  const v = ajv.getSchema('inspect-openapi#/components/schemas/EvalLog');
  if (!v) throw new Error('data/inspect/inspect-openapi.json has no EvalLog schema');
  validate = v;
  return v;
}

/** The schema's complaints about `log` as an EvalLog, one line each; empty when it is one. */
export function checkEvalLog(log: unknown): string[] {
  const v = evalLogValidator();
  if (v(log)) return [];
  return (v.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
