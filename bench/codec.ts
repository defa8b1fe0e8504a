/**
 * bench/codec.ts — which codec the store should keep long texts in (issue 22). No product code is
 * touched: this measures Node's own zlib (gzip/deflate at a few levels, brotli at a few qualities) and
 * zstd (the optional zstd-napi the store writes with, store/zstd.js) on two corpora and prints one table.
 *
 *   mock     `TEXT=varied REASONING_CHARS=40000` traces, asked of the kit's mock server itself
 *            (../shared/bench/mock-llm-server.mjs): reasoning and answer, and the raw body it returns
 *   prose    English prose standing in for real traces (there is no real trace corpus here): this
 *            repository's README.md and docs/*.md, concatenated and cut into 40,000-character pieces
 *
 * Per codec: compressed bytes ÷ UTF-8 bytes, and the CPU (process.cpuUsage, user + system) to compress
 * and to decompress one 40k-character text, in µs, as the median of CODEC_ROUNDS rounds over the corpus.
 * Also what `raw` holds today beyond the columns. Run: node --import tsx bench/codec.ts
 * Env: CODEC_TEXTS (texts per corpus, 200), CODEC_ROUNDS (3), BENCH_KIT (the kit, ../shared/bench).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { KIT, ROOT } from './lib.js';

const TEXTS = Number(process.env.CODEC_TEXTS ?? 200);
const ROUNDS = Number(process.env.CODEC_ROUNDS ?? 3);

interface Codec {
  name: string;
  enc(b: Buffer): Buffer;
  dec(b: Buffer): Buffer;
}

const B = zlib.constants;
const brotli = (q: number): Codec => ({
  name: `brotli q${q}`,
  enc: (b) =>
    zlib.brotliCompressSync(b, {
      params: {
        [B.BROTLI_PARAM_QUALITY]: q,
        [B.BROTLI_PARAM_MODE]: B.BROTLI_MODE_TEXT,
        [B.BROTLI_PARAM_SIZE_HINT]: b.length,
      },
    }),
  dec: (b) => zlib.brotliDecompressSync(b),
});
const CODECS: Codec[] = [
  ...[1, 6, 9].map((level) => ({
    name: `gzip ${level}`,
    enc: (b: Buffer) => zlib.gzipSync(b, { level }),
    dec: (b: Buffer) => zlib.gunzipSync(b),
  })),
  ...[1, 2, 3, 4, 5, 6].map((level) => ({
    name: `deflate-raw ${level}`,
    enc: (b: Buffer) => zlib.deflateRawSync(b, { level }),
    dec: (b: Buffer) => zlib.inflateRawSync(b),
  })),
  ...[1, 4, 5, 6, 9, 11].map(brotli),
  ...zstdCodecs([1, 2, 3, 4, 5]),
];

/** zstd at a few levels, through the optional binding the store uses (store/zstd.js), when installed. */
function zstdCodecs(levels: number[]): Codec[] {
  let z: typeof import('zstd-napi');
  try {
    z = createRequire(import.meta.url)('zstd-napi');
  } catch {
    console.error('codec: zstd-napi is not installed; zstd left out');
    return [];
  }
  const d = new z.Decompressor();
  return levels.map((level) => {
    const c = new z.Compressor();
    c.setParameters({ compressionLevel: level });
    return { name: `zstd ${level}`, enc: (b: Buffer) => c.compress(b), dec: (b: Buffer) => d.decompress(b) };
  });
}

/** CPU µs of `fn` (user + system). */
function cpuUs(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return d.user + d.system;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function measure(corpus: string, texts: Buffer[]): string[] {
  const bytes = texts.reduce((s, t) => s + t.length, 0);
  const rows: string[] = [];
  for (const c of CODECS) {
    const packed = texts.map((t) => c.enc(t));
    const out = packed.reduce((s, p) => s + p.length, 0);
    for (const [i, p] of packed.entries())
      if (!c.dec(p).equals(texts[i] as Buffer)) throw new Error(`${c.name}: round trip differs`);
    const enc: number[] = [];
    const dec: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      enc.push(
        cpuUs(() => {
          for (const t of texts) c.enc(t);
        }) / texts.length,
      );
      dec.push(
        cpuUs(() => {
          for (const p of packed) c.dec(p);
        }) / texts.length,
      );
    }
    const e = median(enc);
    const d = median(dec);
    rows.push(
      `| ${corpus} | ${c.name} | ${(out / bytes).toFixed(3)} | ${e.toFixed(0)} | ${d.toFixed(0)} | ${((e * 1000) / 1e6).toFixed(2)} | ${((d * 200_000) / 1e6).toFixed(1)} |`,
    );
  }
  return rows;
}

/** `n` answers of the kit's mock with varied 40k-character reasoning: reasoning + answer, and raw. */
async function mockTraces(
  n: number,
): Promise<{ texts: Buffer[]; raw: number; reasoning: number; answer: number }> {
  const mock = join(KIT, 'mock-llm-server.mjs');
  if (!existsSync(mock)) throw new Error(`codec: needs the benchmark kit at ${KIT} (set BENCH_KIT)`);
  const p = spawn(process.execPath, [mock], {
    env: { ...process.env, PORT: '0', TEXT: 'varied', REASONING_CHARS: '40000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((ok, fail) => {
      p.stdout.once('data', (d: Buffer) => {
        const m = /listening (\d+)/.exec(String(d));
        if (m) ok(Number(m[1]));
        else fail(new Error(`mock: ${String(d)}`));
      });
      p.once('exit', (code) => fail(new Error(`mock exited ${code}`)));
    });
    const texts: Buffer[] = [];
    let raw = 0;
    let reasoning = 0;
    let answer = 0;
    for (let i = 0; i < n; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'mock',
          messages: [{ role: 'user', content: `Question ${i}: how many?` }],
        }),
      });
      const body = await res.text();
      const msg = (
        JSON.parse(body) as { choices: { message: { content: string; reasoning_content?: string } }[] }
      ).choices[0]?.message;
      const r = msg?.reasoning_content ?? '';
      const a = msg?.content ?? '';
      raw += Buffer.byteLength(body);
      reasoning += Buffer.byteLength(r);
      answer += Buffer.byteLength(a);
      texts.push(Buffer.from(r + a));
    }
    return { texts, raw, reasoning, answer };
  } finally {
    p.kill();
  }
}

function proseTexts(n: number): Buffer[] {
  const files = [
    join(ROOT, 'README.md'),
    ...readdirSync(join(ROOT, 'docs')).map((f) => join(ROOT, 'docs', f)),
  ];
  const all = files
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n\n');
  const out: Buffer[] = [];
  for (let i = 0; i + 40_000 <= all.length && out.length < n; i += 40_000)
    out.push(Buffer.from(all.slice(i, i + 40_000)));
  return out;
}

async function main() {
  const m = await mockTraces(TEXTS);
  const prose = proseTexts(TEXTS);
  const rows = [
    '| corpus | codec | compressed ÷ bytes | compress µs / text | decompress µs / text | compress s per 1,000 samples | decompress s per 200,000 |',
    '|---|---|---|---|---|---|---|',
    ...measure(`mock (${m.texts.length} × ~40k)`, m.texts),
    ...measure(`prose (${prose.length} × 40k)`, prose),
  ];
  const perSample = (x: number) => (x / m.texts.length / 1000).toFixed(1);
  process.stdout.write(
    `${rows.join('\n')}\n\nraw today (mock, per sample): ${perSample(m.raw)} KB, of which reasoning ${perSample(m.reasoning)} KB` +
      ` and answer ${perSample(m.answer)} KB also stored in their columns (${((100 * (m.reasoning + m.answer)) / m.raw).toFixed(1)}% of raw)` +
      `; ${ROUNDS} rounds, node ${process.version}, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`codec: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
