// clickToOutput: a click on a command block's Run button in the real UI (Chromium, browser
// host) until the first byte of that command's OUTPUT has gone through xterm's write
// callback, against a raw ssh2 `exec` of the same command on an already-open ssh2
// connection to the same lab VM (exec call → first data byte), in the same run.
//
// The block: lesson 03's "Name this machine kube-master" (`hostnamectl set-hostname
// kube-master; hostname`): on the lab VM, whose name already is kube-master, it changes
// nothing, so it can run any number of times (the screenshots of others see no change).
//
// Where the output starts: the block is pasted with bracketed paste; readline echoes the
// pasted lines and, once it accepts them, turns bracketed paste off (ESC[?2004l) before bash
// runs anything. So the first character after that ESC[?2004l (and its \r) is the
// command's first output byte. The page reads what reached xterm through the test hook
// window.__tutorTerminalStats.master (renderer/features/terminals/terminal-session.ts updates chars,
// tail, lastWriteAt in that order in xterm's write callback); this module only wraps
// lastWriteAt in a setter in the page to timestamp the callback: no app code is changed.
// appMs ends at that write callback (xterm has parsed the bytes into its buffer, as in
// terminalThroughput); appFrameMs adds the next animation frame, when the DOM renderer
// paints them.
//
// Both sides run alternately, RUNS times after one warm-up each; medians are reported.
// Needs the e2e lab (npm run lab -- up).
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import { connectApi } from '../../e2e/helpers/api-client.ts';
import { labHost } from '../../e2e/helpers/lab.ts';
import { configureLabHosts } from '../../e2e/helpers/setup-hosts.ts';
import { median } from './median.mjs';

const RUNS = 9;
const LESSON = 'set-up-the-nodes';
const BLOCK_TITLE = 'Name this machine kube-master';
const round = (n, d = 1) => Number(n.toFixed(d));

function openSsh2(host) {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({ host: host.address, port: host.port, username: host.user, privateKey: readFileSync(host.privateKeyPath), readyTimeout: 20_000 });
  });
}

/** exec → first byte on stdout or stderr (ms); the command then runs to its end. */
function rawExecFirstByte(client, command) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first;
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      const onData = () => {
        if (first === undefined) first = performance.now() - started;
      };
      stream.on('data', onData);
      stream.stderr.on('data', onData);
      stream.on('close', (code) => (code === 0 && first !== undefined ? resolve(first) : reject(new Error(`raw exec of ${JSON.stringify(command)}: exit ${code}, output ${first === undefined ? 'none' : 'seen'}`))));
    });
  });
}

export async function clickToOutput(ctx) {
  const master = labHost('master');
  const api = await connectApi(ctx.session);
  let raw;
  let page;
  try {
    await configureLabHosts(api, 'key');
    const lesson = (await api.getCourse()).course.lessons.find((l) => l.id === LESSON);
    const block = lesson?.blocks.find((b) => b.title === BLOCK_TITLE && b.host === 'master');
    if (!block) throw new Error(`no block "${BLOCK_TITLE}" in lesson ${LESSON}`);
    // The same text the app pastes (its variables filled in the same way the lesson's are).
    const command = block.code.replaceAll('{{master.hostname}}', master.hostname);
    if (command.includes('{{')) throw new Error(`unresolved variable in ${JSON.stringify(command)}`);

    raw = await openSsh2(master);
    page = await ctx.newPage();
    await page.addInitScript(() => {
      window.__tutorTerminalRenderer = 'dom';
      // The probe (see the header): wraps the master's hook object as the terminal creates it.
      const probe = (window.__benchClick = { clickAt: 0, charsAtClick: 0, outputAt: 0, frameAt: 0, endAt: 0 });
      const instrument = (stats) => {
        let lastWriteAt = stats.lastWriteAt;
        Object.defineProperty(stats, 'lastWriteAt', {
          configurable: true,
          enumerable: true,
          get: () => lastWriteAt,
          set: (v) => {
            lastWriteAt = v;
            if (!probe.clickAt || probe.endAt) return;
            const since = stats.chars - probe.charsAtClick;
            const text = stats.tail.slice(-Math.min(since, stats.tail.length));
            const off = text.indexOf('\x1b[?2004l');
            if (off === -1) return;
            const rest = text.slice(off + '\x1b[?2004l'.length).replace(/^\r/, '');
            if (rest.length === 0) return;
            if (!probe.outputAt) {
              probe.outputAt = performance.now();
              requestAnimationFrame(() => { probe.frameAt = performance.now(); });
            }
            // The next prompt's mark: the run is over in core.
            if (rest.includes('\x1b]6973;D;')) probe.endAt = performance.now();
          },
        });
      };
      let master;
      const hook = {};
      Object.defineProperty(hook, 'master', {
        configurable: true,
        enumerable: true,
        get: () => master,
        set: (v) => { master = v; if (v) instrument(v); },
      });
      window.__tutorTerminalStats = hook;
      document.addEventListener('click', (e) => {
        if (!(e.target instanceof Element) || !e.target.closest('[data-testid="block-run"]')) return;
        Object.assign(probe, { clickAt: performance.now(), charsAtClick: window.__tutorTerminalStats.master?.chars ?? 0, outputAt: 0, frameAt: 0, endAt: 0 });
      }, { capture: true });
    });
    await page.goto(ctx.session.url);
    await page.getByTestId(`lesson-item-${LESSON}`).click();
    const selector = `[data-testid="command-block"][data-host="master"][data-block-id="${block.id}"]`;
    const blockEl = page.locator(selector);
    const run = blockEl.getByTestId('block-run');
    await run.waitFor({ timeout: 30_000 });
    const runOnce = async () => {
      await run.click();
      // Output seen, the next prompt seen, and the block shows its result with Run back.
      await page.waitForFunction((sel) => {
        const el = document.querySelector(sel);
        const state = el?.getAttribute('data-run-state');
        return window.__benchClick.endAt > 0 && window.__benchClick.frameAt > 0 && (state === 'succeeded' || state === 'failed') && el.querySelector('[data-testid="block-run"]');
      }, selector, { timeout: 60_000 });
      const state = await blockEl.getAttribute('data-run-state');
      if (state !== 'succeeded') throw new Error(`the block "${BLOCK_TITLE}" ended as ${state}`);
      return page.evaluate(() => ({ ...window.__benchClick }));
    };
    // Warm-up: the first click opens the master terminal (SSH shell with the shell integration).
    await runOnce();
    await rawExecFirstByte(raw, command);

    const app = [];
    const appFrame = [];
    const rawMs = [];
    for (let i = 0; i < RUNS; i++) {
      const p = await runOnce();
      if (!p.outputAt || !p.frameAt) throw new Error(`clickToOutput: no command output seen after the click (run ${i + 1})`);
      app.push(p.outputAt - p.clickAt);
      appFrame.push(p.frameAt - p.clickAt);
      rawMs.push(await rawExecFirstByte(raw, command));
    }
    const appMs = median(app);
    const rawSsh2Ms = median(rawMs);
    const result = { appMs: round(appMs), appFrameMs: round(median(appFrame)), rawSsh2Ms: round(rawSsh2Ms), ratio: round(appMs / rawSsh2Ms, 3), runs: RUNS };
    ctx.log(`clickToOutput: click on Run of "${BLOCK_TITLE}" → its first output byte written in xterm ${result.appMs} ms (painted: next frame ${result.appFrameMs} ms) vs raw ssh2 exec → first byte ${result.rawSsh2Ms} ms (ratio ${result.ratio}, median of ${RUNS}; lower is better)`);
    return result;
  } finally {
    await page?.close();
    raw?.end();
    api.close();
  }
}
