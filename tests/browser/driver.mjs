// A headless Chromium for the widget's tests, driven over stdin/stdout: one JSON request
// per line ({"id", "cmd", ...}), one JSON answer per line ({"id", "ok", "value"|"error"}).
// The Python tests (tests/integration/browser.py) speak it, so one test can play a
// browser visitor and slixmpp agents side by side. playwright-core comes from
// deploy/widget's package.json; the browser is Debian's /usr/bin/chromium.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'deploy', 'widget', 'package.json'));
const { chromium } = require('playwright-core');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const contexts = new Map(); // name -> BrowserContext (its own cookies and storage)
const pages = new Map();    // name -> Page
const consoleLines = new Map();

async function context(name) {
  if (!contexts.has(name)) {
    contexts.set(name, await browser.newContext({ viewport: { width: 900, height: 700 } }));
  }
  return contexts.get(name);
}

function page(name) {
  const p = pages.get(name);
  if (!p) {
    throw new Error(`no page ${name}`);
  }
  return p;
}

const commands = {
  // A new tab in `context` (tabs of one context share localStorage, not sessionStorage).
  async open({ name, context: ctx, url }) {
    const p = await (await context(ctx || name)).newPage();
    const lines = [];
    consoleLines.set(name, lines);
    p.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
    p.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
    pages.set(name, p);
    await p.goto(url);
    return true;
  },
  async reload({ name }) {
    await page(name).reload();
    return true;
  },
  async close({ name }) {
    await page(name).close();
    pages.delete(name);
    return true;
  },
  // What the function body `body` returns in the page.
  async evaluate({ name, body }) {
    return page(name).evaluate(`(() => { ${body} })()`);
  },
  // Waits until the function body `body` returns something truthy; returns it.
  async wait({ name, body, ms }) {
    const handle = await page(name).waitForFunction(`(() => { ${body} })()`, null,
                                                    { timeout: ms || 5000, polling: 50 });
    return handle.jsonValue();
  },
  async click({ name, selector }) {
    await page(name).click(selector, { timeout: 5000 });
    return true;
  },
  // Types into the focused element (or `selector`), key by key, as a person does.
  async type({ name, selector, text, delay }) {
    const p = page(name);
    if (selector) {
      await p.focus(selector);
    }
    await p.keyboard.type(text, { delay: delay || 0 });
    return true;
  },
  async press({ name, key }) {
    await page(name).keyboard.press(key);
    return true;
  },
  async screenshot({ name, path }) {
    await page(name).screenshot({ path });
    return path;
  },
  async console({ name }) {
    return consoleLines.get(name) || [];
  },
  async quit() {
    await browser.close();
    process.exit(0);
  },
};

const input = readline.createInterface({ input: process.stdin });
for await (const line of input) {
  if (!line.trim()) {
    continue;
  }
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    process.stdout.write(JSON.stringify({ id: null, ok: false, error: `bad request: ${e}` }) + '\n');
    continue;
  }
  const run = commands[request.cmd];
  let answer;
  try {
    if (!run) {
      throw new Error(`unknown command ${request.cmd}`);
    }
    answer = { id: request.id, ok: true, value: (await run(request)) ?? null };
  } catch (e) {
    answer = { id: request.id, ok: false, error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
await browser.close();
