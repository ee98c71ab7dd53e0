// Each runtime folder is type-checked with only its environment's types (common/: neither
// DOM nor Node; renderer/: DOM; electron/: Node). Each case compiles a one-line file as if it
// lived in the folder, with that folder's tsconfig.json, and expects the error (or none).
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
// Library .d.ts files are parsed once for all cases (their text does not depend on the folder).
const parsed = new Map<string, ts.SourceFile | undefined>();

function typeErrors(folder: string, code: string): string[] {
  const configPath = join(root, folder, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const file = join(root, folder, '__type_environment_case.ts');
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => {
    if (name === file) return ts.createSourceFile(name, code, lang);
    if (!parsed.has(name)) parsed.set(name, getSourceFile(name, lang, ...rest));
    return parsed.get(name);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram({ rootNames: [file], options, host });
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

// Compiling takes seconds on a busy machine; the bound only catches a hang.
describe('type checking per environment', { timeout: 60_000 }, () => {
  it.each([
    ['common', 'export const x = window.location;', /Cannot find name 'window'/],
    ['common', 'export const x = process.pid;', /Cannot find name 'process'/],
    ['renderer', 'export const x = process.env.HOME;', /Cannot find name 'process'/],
    ['renderer', 'export const x: NodeJS.Timeout | undefined = undefined;', /Cannot find namespace 'NodeJS'/],
    ['electron', 'export const x = document.title;', /Cannot find name 'document'/],
  ])('%s: %s is an error', (folder, code, message) => {
    expect(typeErrors(folder, code).join('\n')).toMatch(message);
  });

  it.each([
    ['common', 'export const x: number = [1, 2].at(-1) ?? 0;'],
    ['renderer', 'export const x = document.title + String(setTimeout(() => 0, 1));'],
    ['electron', 'export const x = process.pid + Buffer.byteLength("a");'],
  ])('%s: %s is allowed', (folder, code) => {
    expect(typeErrors(folder, code)).toEqual([]);
  });
});
