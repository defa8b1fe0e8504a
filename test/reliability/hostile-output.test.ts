import assert from 'node:assert/strict';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sampleAsWritten } from '../../src/store/raw-body.js';
import { anthropicReply } from '../helpers/anthropic-server.js';
import { needChromium, withChromium } from '../helpers/chromium.js';
import { type CliResult, runCli, tempDir } from '../helpers/cli.js';
import { openaiReply } from '../helpers/openai-server.js';
import {
  type ProtocolServer,
  type RecordedRequest,
  startProtocolServer,
} from '../helpers/protocol-server.js';
import { bothProviders, query, writeDataset } from './support.js';

/**
 * Hostile model output, served by loopback OpenAI-compatible and Anthropic servers (JSON, and SSE at
 * budget 16384): HTML/JS injection, ANSI and OSC escapes, a 10 MB reasoning trace, NUL bytes,
 * unpaired surrogates, an <answer> tag inside the reasoning, and an error body full of escapes.
 * The store keeps the text exactly as sent; the terminal never sees an escape; the report is inert.
 */
const MB = 1024 * 1024;
const ESC = '\x1b';
const KINDS = [
  'html',
  'ansi',
  'huge',
  'nul',
  'surrogates',
  'answer-in-reasoning',
  'answer-only-in-reasoning',
  'script-breakers',
  'error',
] as const;
const ITEMS = KINDS.length * 2;

interface Said {
  text: string;
  reasoning: string;
}

function hostile(kind: (typeof KINDS)[number], n: number): Said {
  const answer = `<answer>${n}</answer>`;
  switch (kind) {
    case 'html':
      return {
        text: `${answer}<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><svg onload="window.__pwned=3"></svg>`,
        reasoning: `</script><script>window.__pwned=4</script><iframe srcdoc="<script>parent.__pwned=5</script>"></iframe><a href="javascript:window.__pwned=6">click</a><style>body{display:none}</style></textarea></pre>`,
      };
    case 'ansi':
      return {
        text: `${ESC}[2J${ESC}[H${ESC}[31mred${ESC}[0m ${ESC}]0;pwned-title\x07${ESC}]8;;http://evil.example/${ESC}\\link${ESC}]8;;${ESC}\\ \x9b31m ${answer}`,
        reasoning: `${ESC}P+q544e${ESC}\\ ${ESC}[6n ${ESC}]52;c;cHduZWQ=\x07 bell\x07 backspace\x08\x08 cr\r`,
      };
    case 'huge':
      return {
        text: answer,
        reasoning: 'I keep counting. '.repeat(Math.ceil((10 * MB) / 17)).slice(0, 10 * MB),
      };
    case 'nul':
      return { text: `${answer}\u0000after the NUL`, reasoning: `before\u0000\u0000after` };
    case 'surrogates':
      return { text: `\ud800 lone high, lone low \udfff ${answer}`, reasoning: `x\udc00y\ud83d` };
    case 'answer-in-reasoning':
      return { text: `The count is ${n}. ${answer}`, reasoning: `Maybe <answer>999</answer>? No.` };
    case 'answer-only-in-reasoning':
      return { text: 'I would rather not say.', reasoning: `It is clearly ${answer}.` };
    case 'script-breakers':
      return {
        text: `${answer} \u2028\u2029 <!-- <script> </script --> ]]> {{x}} \${x}`,
        reasoning: `'"\`\\u0000 </SCRIPT >`,
      };
    case 'error':
      return { text: '', reasoning: '' };
  }
}

const kindOf = (n: number) => KINDS[n % KINDS.length];

let server: ProtocolServer;
/** What the server said, by model kind, budget and question number. */
const said = new Map<string, Said>();
let dir: string;
let run: CliResult;
const logs: CliResult[] = [];

before(async () => {
  server = await startProtocolServer((req: RecordedRequest) => {
    const n = Number(/Question (\d+)/.exec(req.rawBody)?.[1]);
    const body = req.body as { max_tokens?: number; thinking?: unknown };
    const anthropic = req.path.startsWith('/v1/messages');
    const kind = kindOf(n);
    if (kind === 'error') {
      const message = `${ESC}]0;owned${ESC}\\${ESC}[2J<script>alert(1)</script> bad request\u0000`;
      return { status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message } } };
    }
    const s = hostile(kind, n);
    const budget = anthropic ? (body.max_tokens ?? 0) > 20_000 : /Don't think/.test(req.rawBody) ? 0 : 1;
    said.set(`${anthropic ? 'a' : 'o'}:${budget ? 'hi' : 'lo'}:${n}`, s);
    return anthropic
      ? anthropicReply(req, () => ({ thinking: s.reasoning, text: s.text, outputTokens: 50 }))
      : openaiReply(req, { turn: () => ({ text: s.text, reasoning: s.reasoning, reasoningTokens: 40 }) });
  });
  dir = tempDir('overthink-hostile-');
  writeDataset(dir, ITEMS);
  writeFileSync(join(dir, 'exp.yaml'), bothProviders(server.url, 'hostile', 'retries: 0'));
  run = await runCli(['run', '-c', 'exp.yaml', '--db', 'o.db', '--out', 'report'], dir);
  logs.push(run);
  for (const args of [
    ['report', '--db', 'o.db', '--out', 'report2', '--no-png'],
    ['runs', '--db', 'o.db'],
    ['export', '--db', 'o.db', '--jsonl', '--with-text'],
    ['export', '--db', 'o.db', '--json', '--with-text'],
  ])
    logs.push(await runCli(args, dir));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true }); // about 200 MB of 10 MB traces
});

interface Row {
  model: string;
  budget: number;
  item_id: string;
  text: string | null;
  reasoning_text: string | null;
  raw: string | null;
  error: string | null;
}

test('the run with hostile output ends with its deliberate errors (exit 1); every other command exits 0', () => {
  // Its deliberate 400s are final errors: the run is incomplete, which is exit 1 (and says so).
  assert.equal(run.code, 1, run.stderr.slice(0, 2000));
  assert.match(run.stderr, /run r-[0-9a-f]+ is incomplete: 8 samples failed after retries/);
  for (const r of logs.slice(1)) assert.equal(r.code, 0, r.stderr.slice(0, 2000));
  assert.equal(said.size, 2 * 2 * (ITEMS - 2), 'every non-error sample was answered');
});

test('the terminal never sees an escape, BEL, NUL or C1 control', () => {
  // run, report and runs print for people: no control characters at all. Exports are data: their
  // JSON escapes every C0 control (ESC, BEL, NUL…); U+0080–U+009F pass as valid JSON text.
  for (const [i, r] of logs.entries()) {
    if (i >= 3) {
      assert.equal(
        /[\x00-\x1f\x7f]/.exec(r.stdout.replace(/\n/g, '')),
        null,
        `export ${i} has a raw C0 control`,
      );
      assert.equal(r.stderr, '');
      continue;
    }
    for (const [name, out] of [
      ['stdout', r.stdout],
      ['stderr', r.stderr],
    ]) {
      const bad = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/.exec(out);
      assert.equal(
        bad,
        null,
        `${name} of command ${i} has control char U+${bad?.[0].charCodeAt(0).toString(16)}`,
      );
    }
  }
});

test('the store keeps what the server sent, byte for byte (lone surrogates: see below)', () => {
  // As written: the texts unpacked and the raw body rebuilt from its compact form (text-codec.js).
  const rows = query<Row>(
    join(dir, 'o.db'),
    'SELECT model, budget, item_id, text, reasoning_text, raw, error FROM samples',
  ).map(sampleAsWritten);
  assert.equal(rows.length, ITEMS * 4);
  let compared = 0;
  for (const r of rows) {
    const n = Number(r.item_id.slice(1));
    if (kindOf(n) === 'error') {
      assert.ok(r.error?.includes('bad request'), String(r.error));
      continue;
    }
    const s = said.get(`${r.model.startsWith('anthropic') ? 'a' : 'o'}:${r.budget ? 'hi' : 'lo'}:${n}`)!;
    assert.ok(s, `${r.model} ${r.budget} ${n}`);
    const expectText = s.text;
    // Anthropic with thinking off sends no thinking block; the server's turn still carried one.
    const expectReasoning = s.reasoning;
    if (kindOf(n) === 'surrogates') {
      // A lone surrogate has no UTF-8 form: better-sqlite3 writes its WTF-8 bytes (ED A0 80) and
      // reads them back as U+FFFD (one per byte). The raw column keeps the JSON escape (\ud800), so
      // the exact text is still recoverable from it.
      const fffd = (x: string | null) =>
        (x ?? '').replace(/[\ud800-\udfff]/g, '\ufffd').replace(/\ufffd+/g, '\ufffd');
      assert.equal(fffd(r.text), fffd(expectText));
      assert.notEqual(r.text, expectText, 'documented loss: if this starts to hold, update the note');
      assert.ok(r.raw?.includes('\\ud800') && r.raw.includes('\\udfff'), 'raw keeps the escapes');
    } else {
      assert.equal(
        Buffer.compare(Buffer.from(r.text ?? ''), Buffer.from(expectText)),
        0,
        `text of ${kindOf(n)}`,
      );
      if (r.reasoning_text !== null)
        assert.equal(
          Buffer.compare(Buffer.from(r.reasoning_text), Buffer.from(expectReasoning)),
          0,
          `reasoning of ${kindOf(n)}`,
        );
    }
    compared++;
  }
  const huge = rows.filter((r) => kindOf(Number(r.item_id.slice(1))) === 'huge' && r.reasoning_text !== null);
  assert.ok(
    huge.length >= 2 && huge.every((r) => r.reasoning_text!.length === 10 * MB),
    '10 MB traces stored whole',
  );
  const nul = rows.filter((r) => kindOf(Number(r.item_id.slice(1))) === 'nul');
  assert.ok(
    nul.every((r) => r.text?.includes('\u0000after the NUL')),
    'NUL bytes survive',
  );
  assert.equal(compared, ITEMS * 4 - 8, 'every sample but the 8 error ones was compared');
});

test('an <answer> tag in the reasoning never counts: only the visible answer is scored', () => {
  const recs = logs[3].stdout // export --jsonl --with-text, from before()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { item: string; pass?: boolean | null });
  const by = (kind: string) => recs.filter((x) => kindOf(Number(x.item.slice(1))) === kind);
  assert.ok(
    by('answer-in-reasoning').length === 8 && by('answer-in-reasoning').every((x) => x.pass === true),
  );
  assert.ok(
    by('answer-only-in-reasoning').length === 8 &&
      by('answer-only-in-reasoning').every((x) => x.pass !== true),
  );
});

test('the HTML report stays inert in Chromium', { timeout: 180_000 }, async (t) => {
  if (!needChromium(t)) return;
  const file = join(dir, 'report', 'report.html');
  assert.ok(existsSync(file));
  assert.ok(statSync(file).size < 20 * MB, `report size ${statSync(file).size}`);
  await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!/^(file|blob|data):/.test(r.url())) problems.push(`network request: ${r.url()}`);
    });
    await page.goto(`file://${file}`);
    // Open every hostile HTML sample and its reasoning, so their text is in the DOM.
    const seen: string[] = [];
    for (let n = 0; n < ITEMS; n++) {
      if (kindOf(n) !== 'html' && kindOf(n) !== 'script-breakers') continue;
      await page.fill('#f-item', `q${n}`);
      const rows = page.locator('#sample-rows tr');
      for (let k = 0; k < (await rows.count()); k++) {
        await rows.nth(k).click();
        const details = page.locator('#sample-detail details');
        for (let j = 0; j < (await details.count()); j++) await details.nth(j).locator('summary').click();
        seen.push((await page.textContent('#sample-detail')) ?? '');
      }
    }
    const all = seen.join('\n');
    for (const p of [
      '<script>window.__pwned=1</script>',
      'onerror="window.__pwned=2"',
      '<svg onload',
      'javascript:window.__pwned=6',
      '<!-- <script>',
    ])
      assert.ok(all.includes(p), `payload shown as text: ${p}`);
    await page.waitForTimeout(200);
    const state = await page.evaluate(`({
      pwned: window.__pwned,
      title: document.title,
      hidden: getComputedStyle(document.body).display,
      iframes: document.querySelectorAll('iframe').length,
      imgs: document.querySelectorAll('img').length,
      handlers: document.querySelectorAll('[onerror],[onload]').length,
      jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
    })`);
    const { title, ...rest } = state as { title: string } & Record<string, unknown>;
    assert.ok(!title.includes('pwned'), `title: ${title}`);
    assert.deepEqual(rest, {
      pwned: undefined,
      hidden: 'block',
      iframes: 0,
      imgs: 0,
      handlers: 0,
      jsLinks: 0,
    });
    assert.deepEqual(problems, []);
  });
});
