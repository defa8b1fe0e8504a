import { redactUrlCredentials, registerUrlCredentials } from '../util/secrets.js';
import { type Experiment, type ModelEntry, modelConfig } from './schema.js';

/**
 * A base URL may carry a key (`https://user:key@host`, `?api-key=…`). The run keeps the URL as given
 * to send requests, but what is stored, hashed into the run id or printed has the key blanked.
 */
export function withoutUrlCredentials(exp: Experiment): Experiment {
  const models = exp.models.map((entry): ModelEntry => {
    const m = modelConfig(entry);
    if (m.baseUrl === undefined) return entry;
    const baseUrl = Array.isArray(m.baseUrl)
      ? m.baseUrl.map(redactUrlCredentials)
      : redactUrlCredentials(m.baseUrl);
    return JSON.stringify(baseUrl) === JSON.stringify(m.baseUrl) ? entry : { ...m, baseUrl };
  });
  return { ...exp, models };
}

/** Registers every base URL's credentials as secrets, so that error messages and answers are scrubbed. */
export function registerUrlSecrets(exp: Experiment): void {
  for (const m of exp.models.map(modelConfig)) {
    const urls = m.baseUrl === undefined ? [] : Array.isArray(m.baseUrl) ? m.baseUrl : [m.baseUrl];
    for (const u of urls) registerUrlCredentials(u);
  }
}
