import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../util/atomic-write.js';
import { importPackage } from '../util/import-package.js';

const requireHere = createRequire(import.meta.url);

// vega, vega-lite and resvg are loaded on first use: together they cost ~0.3 s of start-up, which
// every command (`run --no-report`, `export`, `--version`) would otherwise pay without drawing a chart.
let vegaLibs: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;
let resvgLib: typeof import('@resvg/resvg-js') | undefined;

/** Fonts shipped with the package, so PNG text renders on machines with no system fonts. */
function fontFiles(): string[] {
  const dir = join(dirname(requireHere.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')];
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  vegaLibs ??= Promise.all([
    importPackage<typeof import('vega')>('vega'),
    importPackage<typeof import('vega-lite')>('vega-lite'),
  ]);
  const [vega, vl] = await vegaLibs;
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string, scale = 2): Buffer {
  // resvg is CommonJS with a native binding: a synchronous require keeps this function synchronous.
  resvgLib ??= requireHere('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const resvg = new resvgLib.Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** Renders a chart into `dir` as <name>.svg and, unless `png` is false, <name>.png. */
export async function writeChart(
  dir: string,
  name: string,
  spec: TopLevelSpec,
  png = true,
): Promise<{ svg: string; files: string[] }> {
  const svg = await renderSvg(spec);
  const base = join(dir, fileSafe(name));
  writeFileAtomic(`${base}.svg`, svg, 'the chart');
  if (!png) return { svg, files: [`${base}.svg`] };
  writeFileAtomic(`${base}.png`, svgToPng(svg), 'the chart');
  return { svg, files: [`${base}.svg`, `${base}.png`] };
}

function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
}
