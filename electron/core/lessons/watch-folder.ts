// Calls back, once per burst, with the names of files that changed in a folder. Editors
// save in several steps (write a temp file, rename it over, touch), so events are gathered
// for `debounceMs` after the last one.
import { type FSWatcher, watch } from 'node:fs';

export interface FolderWatch {
  close(): void;
}

export function watchFolder(dir: string, onChange: (files: string[]) => void, debounceMs = 150): FolderWatch {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  const flush = () => {
    timer = undefined;
    const files = [...pending].sort();
    pending.clear();
    onChange(files);
  };
  try {
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      pending.add(name ? name.toString() : '');
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    });
    // A folder that goes away (or a watcher the OS cannot keep) just stops reporting.
    watcher.on('error', () => watcher?.close());
  } catch {
    // No such folder: nothing to watch (the course's problems already say so).
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
