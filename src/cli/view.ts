import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { UserError } from '../util/errors.js';
import { ViewServer } from '../view/server.js';
import { say } from './output.js';

interface ViewFlags {
  db: string[];
  port: string;
  open?: boolean;
}

export function register(program: Command): void {
  program
    .command('view')
    .description(
      'Browse, compare and watch every run in a local web app (127.0.0.1 only, the stores opened read-only): runs, each run’s report and samples, compare, across runs.',
    )
    .option(
      '--db <file>',
      'a results store (SQLite); repeat it to see several stores at once',
      (v: string, prev: string[]) => [...prev, v],
      [],
    )
    .option('--port <n>', 'the port on 127.0.0.1 (0: any free port)', '4173')
    .option('--open', 'open the viewer in a browser, where one exists')
    .addHelpText(
      'after',
      `
Examples:
  overthink view                          overthink.db at http://127.0.0.1:4173/
  overthink view --db before.db --db after.db --open
  overthink view --port 0                 any free port (the URL is printed)

Runs still being written update live in the page. Ctrl-C stops the viewer.`,
    )
    .action(async (flags: ViewFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UserError(`--port: expected a port number from 0 to 65535, got '${flags.port}'`);
      const viewer = new ViewServer({ stores: flags.db.length ? flags.db : ['overthink.db'] });
      let url: string;
      try {
        url = await viewer.listen(port);
      } catch (err) {
        await viewer.close();
        throw err;
      }
      say(`overthink view: ${url}  (Ctrl-C to stop)`);
      if (flags.open) openBrowser(url);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void viewer.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

/** The platform's opener, detached; where none exists the printed URL is all there is. */
function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => say(`--open: no browser opener (${cmd}) here; open ${url} yourself`));
    child.unref();
  } catch {
    say(`--open: could not start ${cmd}; open ${url} yourself`);
  }
}
