import { basename } from 'node:path';
import { expandPaths } from './files.js';
import { isObject, logSamples } from './inspect/eval-log.js';
import { inspectVersionText, type MapOptions, mapSample } from './inspect/map.js';
import type { ForeignFile, ImportedSample } from './types.js';

/**
 * Inspect AI logs (`.eval` and `.json`, files or folders of them) as foreign files. In a folder,
 * the listing files Inspect keeps beside its logs (logs.json, eval-set.json) are not logs.
 */
const NOT_LOGS = new Set(['logs.json', 'eval-set.json', 'listing.json']);

export function inspectFiles(paths: string[], o: MapOptions = {}): ForeignFile[] {
  const files = expandPaths(
    paths,
    (f) => (f.endsWith('.eval') || f.endsWith('.json')) && !NOT_LOGS.has(basename(f)),
    'Inspect logs (.eval or .json)',
  );
  return files.map((path) => inspectFile(path, o));
}

function inspectFile(path: string, o: MapOptions): ForeignFile {
  const file: ForeignFile = {
    tool: 'inspect',
    path,
    parts: [path],
    toolVersion: null,
    simulated: false,
    async *samples(): AsyncGenerator<ImportedSample> {
      for await (const s of logSamples(path)) {
        file.toolVersion = inspectVersionText(s.header);
        file.simulated = simulatedLog(s.header);
        const mapped = mapSample(path, s, o);
        const status = s.header.status;
        if (status !== 'success')
          mapped.notes.push(
            `${path}: the eval ended with status '${String(status)}'; the samples it logged are imported`,
          );
        yield mapped;
      }
    },
  };
  return file;
}

/** A log overthink exported from a run of a simulated model: the label goes with the samples. */
function simulatedLog(header: Record<string, unknown>): boolean {
  const ev = header.eval;
  const meta = isObject(ev) && isObject(ev.metadata) ? ev.metadata.overthink : undefined;
  return isObject(meta) && meta.simulated === true;
}
