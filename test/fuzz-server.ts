// The browser host as the fuzz test runs it (websocket-fuzz.test.ts): the real core
// and server in a process of their own, on the real course, a temporary data dir and HOME,
// no hosts. Prints one line {"url"} and then {"rss"} every 100 ms.
import { join } from 'node:path';
import { EventBus, Notices, createCore } from '../electron/core';
import { startServer } from '../electron/server/server';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: fuzz-server.ts DATA_DIR');
const root = join(import.meta.dirname, '..');
const events = new EventBus();
const core = await createCore({ dataDir, lessonsDir: join(root, 'lessons'), events, notices: new Notices(), homeDir: dataDir });
const server = await startServer({ api: core, events, rendererDir: join(dataDir, 'renderer'), assetsDir: join(root, 'assets'), sessionsDir: dataDir });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
setInterval(() => process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss })}\n`), 100);
