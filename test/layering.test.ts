// The architecture's import rule is an ESLint error: each case lints a one-line file as if
// it lived in a layer and expects exactly the layering error (or none).
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const x = y;\n`, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rule', () => {
  it.each([
    ['renderer/App.tsx', "import { readFile as y } from 'node:fs';", /no node: imports/],
    ['renderer/App.tsx', "import y from 'fs';", /no Node built-ins/],
    ['renderer/App.tsx', "import { ipcRenderer as y } from 'electron';", /Only electron\/main and electron\/preload/],
    ['renderer/App.tsx', "import { createCore as y } from '../electron/core/core';", /only through the contract/],
    ['electron/core/x.ts', "import { app as y } from 'electron';", /Only electron\/main and electron\/preload/],
    ['electron/core/x.ts', "import { y } from '../main/ipc-router';", /knows no host and no UI/],
    ['electron/core/storage/x.ts', "import { y } from '../hosts/profile-store';", /storage\/ imports only Node, zod and common/],
    ['electron/core/storage/x.ts', "import { y } from '../events';", /storage\/ imports only Node, zod and common/],
    ['electron/core/storage/x.ts', "import { app as y } from 'electron';", /Only electron\/main and electron\/preload/],
    ['common/x.ts', "import { y } from '../electron/core/core';", /imports nothing of the other layers/],
    ['common/x.ts', "import y from 'node:path';", /no node: imports/],
    ['common/x.ts', "import y from 'react';", /free of UI and I\/O libraries/],
    ['electron/preload/x.ts', "import { y } from '../core/core';", /preload imports only electron and common/],
    ['electron/server/x.ts', "import { app as y } from 'electron';", /Only electron\/main and electron\/preload/],
    ['electron/main/x.ts', "import { y } from '../core/core';", /through its entry/],
    ['electron/server/x.ts', "import { y } from '../core/events';", /through its entry/],
    ['electron/core/terminals/x.ts', "import { y } from '../hosts/host-service';", /import no feature folder/],
    ['electron/core/terminals/x.ts', "import { y } from '../blocks/block-runner';", /import no feature folder/],
    ['electron/core/ssh/x.ts', "import { y } from '../checks/host-access';", /import no feature folder/],
    ['electron/core/ssh/x.ts', "import { y } from '../core';", /import no feature folder/],
  ])('%s: %s is an error', async (file, code, message) => {
    const errors = await layeringErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    ['renderer/App.tsx', "import { y } from '../common/api';"],
    ['electron/core/x.ts', "import y from 'node:fs';"],
    ['electron/core/storage/x.ts', "import { y } from '../../../common/progress';"],
    ['electron/core/storage/x.ts', "import { y } from './atomic-write';"],
    ['electron/core/storage/x.ts', "import { z as y } from 'zod';"],
    ['electron/main/x.ts', "import { app as y } from 'electron';"],
    ['electron/main/x.ts', "import { y } from '../core';"],
    ['electron/preload/x.ts', "import { contextBridge as y } from 'electron';"],
    ['electron/server/x.ts', "import { y } from '../core';"],
    ['electron/core/terminals/x.ts', "import { y } from '../events';"],
    ['electron/core/terminals/x.ts', "import { y } from '../../../common/api';"],
    ['electron/core/ssh/x.ts', "import { y } from '../terminals/backend';"],
    ['electron/core/hosts/x.ts', "import { y } from '../terminals/shell-quote';"],
    ['electron/core/blocks/x.ts', "import { y } from '../course/course-model';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});
