// The desktop package, built for real by electron-builder from electron-builder.yml (Linux
// `dir` target: the same app folder AppImage and deb wrap). MOCKED: the Electron binary,
// which cannot be downloaded here. The stand-in is a file carrying Electron 45's fuse wire
// (its sentinel and 8 fuses at Electron's defaults), so electron-builder's fuse step flips
// a real wire that @electron/fuses reads back. Everything else (config loading and schema
// validation, file selection, asar, unpacking of native addons, extra resources) is
// electron-builder's own code on this project's files. Needs `npm run build` (out/).
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { Platform, build } from 'electron-builder';
// electron-builder's own config loader and schema check, as its CLI uses them.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults, in wire order: RunAsNode on, CookieEncryption off, NODE_OPTIONS on,
// --inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// extras on.
const ELECTRON_DEFAULT_WIRE = '10110001';
const EXECUTABLE = 'k8s-from-scratch-tutor';

type Config = Record<string, unknown> & { electronFuses?: Record<string, boolean>; files?: string[] };
const loadConfig = (file: string): Promise<Config> => getConfig(root, join(root, file), null) as Promise<Config>;

async function standInElectron(dir: string): Promise<string> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]), Buffer.from(ELECTRON_DEFAULT_WIRE)]);
  await writeFile(join(dir, 'electron'), Buffer.concat([Buffer.from('stand-in for the Electron binary\n'), Buffer.alloc(256), wire, Buffer.alloc(256)]));
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'LICENSE'), 'stand-in');
  await writeFile(join(dir, 'version'), '45.5.0');
  return dir;
}

async function pack(configFile: string, work: string): Promise<string> {
  const output = join(work, 'dist');
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    // The rebuild against Electron's headers needs their download; docs/releasing.md runs it.
    config: { extends: `./${configFile}`, electronDist: await standInElectron(join(work, 'electron')), npmRebuild: false, directories: { output } },
  });
  return join(output, 'linux-unpacked');
}

async function fuses(executable: string): Promise<Record<string, boolean>> {
  const wire = await getCurrentFuseWire(executable);
  const byIndex = wire as unknown as Record<number, number>;
  return Object.fromEntries(
    Object.entries(FuseV1Options)
      .filter(([, v]) => typeof v === 'number')
      .map(([name, index]) => [name, byIndex[index as number] === '1'.charCodeAt(0)]),
  );
}

/** Bare module specifiers a built bundle imports at run time (esbuild keeps packages external). */
async function runtimeImports(bundle: string): Promise<string[]> {
  const code = await readFile(bundle, 'utf8');
  const specs = new Set<string>();
  // (A quote before `from` is a string, as in `"from" in attrs`, not an import.)
  for (const m of code.matchAll(/(?:(?<!["'])\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"'./\s][^"'\s]*)["']/g)) {
    const spec = m[1]!;
    if (spec.startsWith('node:') || spec === 'electron') continue;
    specs.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return [...specs].sort();
}

describe('electron-builder configuration', () => {
  it('is valid for electron-builder (its own schema), production and test build alike', async () => {
    const debug = { isEnabled: false, add() {} } as never;
    for (const file of ['electron-builder.yml', 'electron-builder.test.yml']) {
      await expect(validateConfiguration((await loadConfig(file)) as never, debug), file).resolves.toBeUndefined();
    }
  });

  it('is rejected by that schema when an option is misspelt (the check can fail)', async () => {
    const bad = { ...(await loadConfig('electron-builder.yml')), electronFusez: {} };
    await expect(validateConfiguration(bad as never, { isEnabled: false, add() {} } as never)).rejects.toThrow(/electronFusez/);
  });

  it('targets AppImage and deb, dmg, nsis, with icons from assets/', async () => {
    const config = parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(config.linux!.target).toEqual(['AppImage', 'deb']);
    expect(config.mac!.target).toEqual(['dmg']);
    expect(config.win!.target).toEqual(['nsis']);
    expect(config.linux!.icon).toBe('assets/icons');
    // macOS wants at least 512 px (1024 for Retina), Windows at least 256: both are PNGs
    // electron-builder converts to icns/ico.
    for (const [file, px] of [[config.mac!.icon, 1024], [config.win!.icon, 256]] as const) {
      expect(await pngSize(join(root, String(file)))).toEqual({ width: px, height: px });
    }
  });

  it('ships square PNG icons at every size a Linux desktop asks for', async () => {
    const names = (await readdir(join(root, 'assets', 'icons'))).filter((f) => f.endsWith('.png')).sort();
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      const n = Number(/^(\d+)x\1\.png$/.exec(name)?.[1]);
      expect(await pngSize(join(root, 'assets', 'icons', name)), name).toEqual({ width: n, height: n });
    }
  });

  it('locks every fuse for production; the test build differs only in --inspect (for Playwright)', async () => {
    const prod = (await loadConfig('electron-builder.yml')).electronFuses;
    expect(prod).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    const test = (await loadConfig('electron-builder.test.yml')).electronFuses;
    expect(test).toEqual({ ...prod, enableNodeCliInspectArguments: true });
    // Only the test build's package.json lets main accept --remote-debugging-port.
    expect((await loadConfig('electron-builder.test.yml')).extraMetadata).toEqual({ tutorTestBuild: true });
    expect((await loadConfig('electron-builder.yml')).extraMetadata).toBeUndefined();
  });

  it('rebuilds native modules from source for Electron', async () => {
    const config = await loadConfig('electron-builder.yml');
    expect(config).toMatchObject({ npmRebuild: true, buildDependenciesFromSource: true });
  });
});

describe.skipIf(!existsSync(join(root, 'out', 'main', 'index.js')))('the packed Linux app (stand-in Electron binary)', () => {
  let work: string;
  let prodDir: string;
  let testDir: string;
  let asarFiles: string[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'packaging-'));
    prodDir = await pack('electron-builder.yml', join(work, 'prod'));
    testDir = await pack('electron-builder.test.yml', join(work, 'test'));
    asarFiles = listPackage(join(prodDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
  }, 120_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('has the production fuses flipped in the binary', async () => {
    expect(await fuses(join(prodDir, EXECUTABLE))).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
    expect(FuseVersion.V1).toBe('1');
  });

  it('keeps --inspect in the test build, and nothing else', async () => {
    const prod = await fuses(join(prodDir, EXECUTABLE));
    expect(await fuses(join(testDir, EXECUTABLE))).toEqual({ ...prod, EnableNodeCliInspectArguments: true });
  });

  it('marks only the test build\'s package.json as the test build', async () => {
    const pkg = (dir: string) => JSON.parse(extractFile(join(dir, 'resources', 'app.asar'), 'package.json').toString('utf8')) as { tutorTestBuild?: boolean };
    expect(pkg(prodDir).tutorTestBuild).toBeUndefined();
    expect(pkg(testDir).tutorTestBuild).toBe(true);
  });

  it('packs the built bundles and package.json, without sources, tests or source maps', () => {
    for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/out/server/cli.js']) {
      expect(asarFiles, f).toContain(f);
    }
    expect(asarFiles.filter((f) => /\.map$|\.test\.|^\/(electron|renderer|common|e2e|test|lessons)\//.test(f))).toEqual([]);
  });

  it('packs every package the main bundle imports at run time, and not the renderer libraries Vite bundled', async () => {
    const imports = await runtimeImports(join(root, 'out', 'main', 'index.js'));
    expect(imports).toContain('ssh2');
    expect(imports).toContain('node-pty');
    for (const spec of imports) expect(asarFiles, spec).toContain(`/node_modules/${spec}/package.json`);
    expect(asarFiles.filter((f) => /^\/node_modules\/(react|react-dom|zustand|@xterm)\//.test(f))).toEqual([]);
  });

  it("unpacks node-pty's Node-API addon next to the asar, so Electron can load it", async () => {
    const addon = join(prodDir, 'resources', 'app.asar.unpacked', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node');
    const bytes = await readFile(addon);
    // A Node-API module registers through napi_register_module_v1: it is ABI-stable, so the
    // addon electron-builder rebuilds against Electron's headers loads in Electron's Node.
    expect(bytes.includes('napi_register_module_v1')).toBe(true);
  });

  it('puts the lessons and course assets beside the app, where main looks for them', async () => {
    const resources = join(prodDir, 'resources');
    const course = parse(await readFile(join(resources, 'lessons', 'course.yaml'), 'utf8')) as { lessons: Array<string | { file?: string }> };
    expect(course.lessons.length).toBeGreaterThan(10);
    const shipped = new Set(await readdir(join(resources, 'lessons')));
    for (const name of await readdir(join(root, 'lessons'))) expect(shipped, name).toContain(name);
    expect((await readdir(join(resources, 'assets', 'diagrams'))).filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(0);
    expect(existsSync(join(resources, 'assets', 'icons', '512x512.png'))).toBe(true);
  });
});

async function pngSize(file: string): Promise<{ width: number; height: number }> {
  const head = (await readFile(file)).subarray(0, 24);
  if (head.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}
