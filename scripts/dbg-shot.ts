import { chromium } from 'playwright-core';
const [file, out, selector, h] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
await p.goto(`file://${file}`);
const y = await p.locator(selector).first().evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
await p.screenshot({ path: out, fullPage: true, clip: { x: 0, y: y - 10, width: 1280, height: Number(h ?? 1300) } });
await b.close();
