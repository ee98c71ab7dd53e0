// Parses a fence's info string: `bash host=master title="Create etcd's certificate" id=etcd-cert`.

export const RUNNABLE_LANGUAGES: readonly string[] = ['bash', 'sh', 'shell'];

export interface FenceInfo {
  /** The first word, lower-cased ('' when the info string starts with an attribute). */
  lang: string;
  /** Each attribute's first value. */
  attributes: Record<string, string>;
  /** Every `expect=` value in order (the one attribute that may repeat), with its column in the info string (0-based). */
  expect: { value: string; at: number }[];
}

const ATTRIBUTE = /([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S*))/g;

export function parseFenceInfo(info: string): FenceInfo {
  const text = info.trim();
  const first = text.split(/\s+/, 1)[0] ?? '';
  const lang = first.includes('=') ? '' : first.toLowerCase();
  const attributes: Record<string, string> = {};
  const expect: FenceInfo['expect'] = [];
  const lead = info.length - info.trimStart().length + lang.length;
  for (const m of text.slice(lang.length).matchAll(ATTRIBUTE)) {
    const name = m[1] as string;
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (!(name in attributes)) attributes[name] = value;
    if (name === 'expect') expect.push({ value, at: lead + (m.index ?? 0) });
  }
  return { lang, attributes, expect };
}

/** A fence is runnable when it is bash/sh/shell and names a host. */
export function isRunnable(info: FenceInfo): boolean {
  return RUNNABLE_LANGUAGES.includes(info.lang) && 'host' in info.attributes;
}

/** A `copy` fence: files the app copies from `from=` to `host=` (`copy from=master host=worker`). */
export function isCopy(info: FenceInfo): boolean {
  return info.lang === 'copy' && ('host' in info.attributes || 'from' in info.attributes);
}
