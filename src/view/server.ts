import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import type { RunInput } from '../analysis/compare.js';
import { type Experiment, modelConfig } from '../config/schema.js';
import type { DB } from '../store/db.js';
import { openStore } from '../store/open.js';
import { shownStatus } from '../store/run-lock.js';
import { listRuns, type RunRow } from '../store/runs.js';
import { runCost } from '../store/samples.js';
import { itemPrompt, runById } from '../store/view-rows.js';
import { UserError } from '../util/errors.js';
import { compareInput, renderComparison } from './compare.js';
import { curveHistoryInputs, itemAnswers, type PlacedRun } from './history.js';
import { CSP, comparePage, errorPage, historyPage, itemPage, runListPage, runPage } from './pages.js';
import { renderRunViews, runShapes, type ShapeLabel } from './run-views.js';
import { type RunListing, runCounts, runListing, runVersion } from './runs.js';
import { filterChoices, parseFilter, SampleBrowser } from './sample-query.js';
import { loadTrace } from './trace.js';

export interface ViewOptions {
  /** Store files, each opened read-only. */
  stores: string[];
  /** 0 picks a free port. */
  port?: number;
  /** How often pages ask whether a run changed (ms). */
  pollMs?: number;
  /** Runs with more samples than this show their report views on request, not on opening. */
  autoViewsUpTo?: number;
}

interface Store {
  path: string;
  label: string;
  db: DB;
}

/** A value computed for one version of a run, kept until the run changes. */
class PerVersion<T> {
  private readonly m = new Map<string, { version: string; value: Promise<T> }>();
  get(key: string, version: string, make: () => T | Promise<T>): Promise<T> {
    const have = this.m.get(key);
    if (have && have.version === version) return have.value;
    const value = Promise.resolve().then(make);
    this.m.set(key, { version, value });
    value.catch(() => this.m.delete(key));
    return value;
  }
  peek(key: string, version: string): Promise<T> | undefined {
    const have = this.m.get(key);
    return have && have.version === version ? have.value : undefined;
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `overthink view`: a local web app over one or more stores, read-only. Node's http, bound to
 * 127.0.0.1 only, with a Host check (a page on another site cannot reach it through DNS rebinding)
 * and a Content-Security-Policy on every page. Pages ask for progress by polling a cheap endpoint:
 * SQLite tells no other process when a writer commits, so a server pushing events would poll the
 * store all the same; polling from the page keeps the server stateless and stops when the tab closes.
 */
export class ViewServer {
  private readonly stores: Store[];
  private readonly cost = new PerVersion<number>();
  private readonly shapes = new PerVersion<ShapeLabel[]>();
  private readonly views = new PerVersion<string>();
  private readonly browsers = new Map<string, SampleBrowser>();
  private readonly pollMs: number;
  private readonly autoViewsUpTo: number;
  private server?: Server;
  private port = 0;

  constructor(opts: ViewOptions) {
    if (opts.stores.length === 0) throw new UserError('--db: give at least one store');
    const labels = new Set<string>();
    this.stores = [];
    try {
      for (const path of opts.stores) {
        let label = basename(path);
        if (labels.has(label)) label = path;
        labels.add(label);
        this.stores.push({ path, label, db: openStore(path, { readonly: true }) });
      }
    } catch (err) {
      this.close();
      throw err;
    }
    this.pollMs = opts.pollMs ?? 1000;
    this.autoViewsUpTo = opts.autoViewsUpTo ?? 200_000;
  }

  /** Starts listening on 127.0.0.1; resolves to the URL. */
  listen(port = 0): Promise<string> {
    return new Promise((done, fail) => {
      const server = createServer((req, res) => void this.handle(req, res));
      server.once('error', (err: NodeJS.ErrnoException) =>
        fail(
          err.code === 'EADDRINUSE'
            ? new UserError(`--port: ${port} is in use on 127.0.0.1; pick another (or 0 for any free port)`)
            : err,
        ),
      );
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        this.server = server;
        done(`http://127.0.0.1:${this.port}/`);
      });
    });
  }

  /** Stops listening, then closes the stores (requests still open are cut, not left half served). */
  async close(): Promise<void> {
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    }
    for (const s of this.stores) if (s.db.open) s.db.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api = url.pathname.startsWith('/api/');
    try {
      if (!this.hostAllowed(req.headers.host))
        throw new HttpError(403, 'this viewer answers on 127.0.0.1 only');
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'read-only: GET only');
      const out = await this.route(url);
      if (typeof out === 'string') send(res, 200, 'text/html; charset=utf-8', out);
      else send(res, 200, 'application/json; charset=utf-8', JSON.stringify(out));
    } catch (err) {
      const status = err instanceof HttpError ? err.status : err instanceof UserError ? 400 : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (status === 500) process.stderr.write(`overthink view: ${url.pathname}: ${message}\n`);
      if (api) send(res, status, 'application/json; charset=utf-8', JSON.stringify({ error: message }));
      else send(res, status, 'text/html; charset=utf-8', errorPage(status, message));
    }
  }

  private hostAllowed(host: string | undefined): boolean {
    return host === `127.0.0.1:${this.port}` || host === `localhost:${this.port}`;
  }

  private async route(url: URL): Promise<string | object> {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const q = url.searchParams;
    if (parts.length === 0) return runListPage(this.storeLabels(), await this.listings(), this.pollMs);
    if (parts[0] === 'compare' && parts.length === 1) return this.comparePage(q);
    if (parts[0] === 'history' && parts.length === 1) return this.historyPage(q);
    if (parts[0] === 'item' && parts.length === 1) return this.itemPage(q);
    if (parts[0] === 'run' && parts.length === 3) return this.runPage(this.placed(parts[1], parts[2]));
    if (parts[0] === 'api') {
      if (parts[1] === 'runs' && parts.length === 2) return { runs: await this.listings() };
      if (parts[1] === 'run' && parts.length >= 5) {
        const r = this.placed(parts[2], parts[3]);
        const [what, arg] = parts.slice(4);
        if (what === 'progress' && arg === undefined) return this.listing(r);
        if (what === 'shapes' && arg === undefined) {
          const l = await this.listing(r);
          return {
            version: l.version,
            labels: await this.shapes.get(runKey(r), l.version, () => runShapes(r.db, r.run)),
          };
        }
        if (what === 'views' && arg === undefined) {
          const l = await this.listing(r);
          return this.views.get(runKey(r), l.version, async () => (await renderRunViews(r.db, r.run)).html);
        }
        if (what === 'samples' && arg === undefined)
          return this.browser(r).page(parseFilter(q), Number(q.get('page') ?? 0));
        if (what === 'sample' && arg !== undefined) {
          const t = loadTrace(r.db, r.run, arg);
          if (!t) throw new HttpError(404, `no sample '${arg}' in run ${r.run.id}`);
          return t;
        }
      }
    }
    throw new HttpError(404, `no page ${url.pathname}`);
  }

  private storeLabels(): string[] {
    return this.stores.map((s) => s.label);
  }

  private allRuns(): PlacedRun[] {
    return this.stores.flatMap((s, store) =>
      listRuns(s.db).map((run) => ({ store, db: s.db, run: shown(s.db, run) })),
    );
  }

  /** A run by store index and exact id (a fresh row: its status and updated time are live). */
  private placed(store: string, id: string): PlacedRun {
    const i = Number(store);
    const s = Number.isInteger(i) ? this.stores[i] : undefined;
    if (!s) throw new HttpError(404, `no store ${store}`);
    const run = runById(s.db, id);
    if (!run) throw new HttpError(404, `no run '${id}' in ${s.label}`);
    return { store: i, db: s.db, run: shown(s.db, run) };
  }

  private async listing(r: PlacedRun): Promise<RunListing> {
    // The cost is a sum over the run's rows: computed once per version of the run.
    const counts = runCounts(r.db, r.run.id);
    const version = runVersion(r.run, counts.stored, counts.done);
    const cost = await this.cost.get(runKey(r), version, () => runCost(r.db, r.run.id));
    return runListing(r.store, r.run, counts, cost);
  }

  private async listings(): Promise<RunListing[]> {
    const out: RunListing[] = [];
    for (const r of this.allRuns()) out.push(await this.listing(r));
    return out.sort((a, b) => b.updated.localeCompare(a.updated));
  }

  private browser(r: PlacedRun): SampleBrowser {
    const k = runKey(r);
    let b = this.browsers.get(k);
    if (!b) {
      b = new SampleBrowser(r.db, r.run);
      this.browsers.set(k, b);
    }
    return b;
  }

  private async runPage(r: PlacedRun): Promise<string> {
    const listing = await this.listing(r);
    const cached = this.views.peek(runKey(r), listing.version);
    return runPage({
      listing,
      storeLabel: this.stores[r.store].label,
      choices: filterChoices(r.run),
      views: cached ? await cached : undefined,
      autoViews: listing.stored <= this.autoViewsUpTo,
      pollMs: this.pollMs,
    });
  }

  private async comparePage(q: URLSearchParams): Promise<string> {
    const all = await this.listings();
    const picked = q.getAll('run').filter(Boolean);
    const task = q.get('task') || undefined;
    if (picked.length === 0) return comparePage(all, this.storeLabels(), picked, task, undefined);
    if (picked.length < 2)
      return comparePage(all, this.storeLabels(), picked, task, { error: 'pick at least two runs' });
    const inputs: RunInput[] = [];
    const seen = new Set<string>();
    // The oldest run picked is the baseline: differences then read as what changed since.
    const placed = picked
      .map((ref) => {
        const colon = ref.indexOf(':');
        if (colon < 0) throw new UserError(`run: expected <store>:<run id>, got '${ref}'`);
        return this.placed(ref.slice(0, colon), ref.slice(colon + 1));
      })
      .sort((x, y) => x.run.created_at.localeCompare(y.run.created_at));
    for (const r of placed) {
      let label = r.run.name ?? r.run.id;
      if (seen.has(label)) label = `${label}#${inputs.length + 1}`;
      seen.add(label);
      inputs.push(compareInput(r.db, r.run.id, label));
    }
    return comparePage(all, this.storeLabels(), picked, task, await renderComparison(inputs, task));
  }

  private async historyPage(q: URLSearchParams): Promise<string> {
    const runs = this.allRuns();
    const exps = runs.map((r) => JSON.parse(r.run.config_json) as Experiment);
    const models = [...new Set(exps.flatMap((x) => x.models.map((m) => modelConfig(m).id)))].sort();
    const tasks = [...new Set(runs.flatMap((r) => listingTasks(r.run)))].sort();
    const model = q.get('model') || undefined;
    const task = q.get('task') || undefined;
    if (!model || !task) return historyPage(models, tasks, model, task, undefined);
    const inputs = curveHistoryInputs(runs, model, task);
    const result =
      inputs.length === 0
        ? { error: `no run has ${model} on ${task}` }
        : await renderComparison(inputs, task);
    return historyPage(models, tasks, model, task, result);
  }

  private itemPage(q: URLSearchParams): string {
    const task = q.get('task');
    const item = q.get('item');
    if (!task || !item) throw new UserError('item: give both task and item');
    const runs = this.allRuns();
    const answers = itemAnswers(runs, task, item);
    let prompt: string | null = null;
    for (const r of runs) {
      prompt = itemPrompt(r.db, r.run.id, task, item) ?? null;
      if (prompt !== null) break;
    }
    return itemPage(task, item, prompt, answers);
  }
}

function listingTasks(run: RunRow): string[] {
  const exp = JSON.parse(run.config_json) as Experiment;
  return exp.tasks.map((t) => (typeof t === 'string' ? t : t.id));
}

/** The run as readers see it: 'running' whose writer is gone reads 'crashed' (store/run-lock.ts). */
function shown(db: DB, run: RunRow): RunRow {
  const status = shownStatus(db, run);
  return status === run.status ? run : { ...run, status };
}

function runKey(r: PlacedRun): string {
  return `${r.store}\u0000${r.run.id}`;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}
