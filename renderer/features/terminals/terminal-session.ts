// One terminal session's xterm.js instance and everything around it that is not React:
// addons, the renderer (WebGL, falling back to the DOM renderer), flow-control acks,
// input coalescing, copy/paste keys. Output is written straight to xterm from the event
// handler; nothing here touches React state.
import '@xterm/xterm/css/xterm.css';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import { messageOf } from '../../../common/errors';
import { AckCounter, slices } from './terminal-flow';
import { InputCoalescer } from './terminal-input';
import { isMacPlatform, terminalKeyAction } from './terminal-keys';
import { SEARCH_DECORATIONS, TERMINAL_FONT_FAMILY, TERMINAL_THEMES, type ResolvedTheme } from './terminal-theme';

export const TERMINAL_SCROLLBACK = 20_000;
const TAIL_HOOK_BYTES = 1024;
/**
 * Output goes to xterm in writes of at most this many bytes. xterm parses queued writes
 * for about 12 ms and then yields to the page (input, frames), but it checks the time only
 * between writes: a 200 KB batch in one write would be parsed whole (12–25 ms more on a
 * busy machine) before a click is handled. 16 KB parse in about a millisecond.
 */
export const OUTPUT_SLICE_BYTES = 16 * 1024;
const RESIZE_DEBOUNCE_MS = 80;

/** What a session needs from core, through the store (ids are bound later). */
export interface SessionLink {
  write(terminalId: string, data: string): Promise<void>;
  resize(terminalId: string, cols: number, rows: number): Promise<void>;
  ack(terminalId: string, bytes: number): void;
  /** A short, dim message for the learner (e.g. "not connected: keys were not sent"). */
  note(message: string): void;
  /** Ctrl+Shift+F / Cmd+F in the terminal. */
  openSearch(): void;
}

export type RendererKind = 'webgl' | 'dom';

/** The tiny test hook the benchmark and e2e tests read: per target, what reached xterm. */
export interface TerminalStatsHook {
  /** `chars` counts bytes of output written (the name is older than the bytes). */
  [target: string]: { chars: number; tail: string; lastWriteAt: number; renderer: RendererKind; cols: number; rows: number };
}

declare global {
  interface Window {
    __tutorTerminalStats?: TerminalStatsHook;
    __tutorTerminalRenderer?: 'dom';
  }
}

function statsHook(): TerminalStatsHook | undefined {
  if (typeof window === 'undefined') return undefined;
  window.__tutorTerminalStats ??= {};
  return window.__tutorTerminalStats;
}

/** The test hook's tail only: a character cut at its start shows as U+FFFD there, nowhere else. */
const tailDecoder = new TextDecoder();

// After a WebGL failure, later terminals go straight to the DOM renderer (as VS Code does).
let webglBroken = false;

export class TerminalSession {
  readonly term: Terminal;
  /** The element xterm lives in; moved between containers, so xterm survives React remounts. */
  readonly element: HTMLDivElement;
  private readonly fit = new FitAddon();
  private readonly search = new SearchAddon({ highlightLimit: 1000 });
  private readonly acks = new AckCounter();
  private readonly input: InputCoalescer;
  private webgl: WebglAddon | undefined;
  private opened = false;
  private disposed = false;
  private terminalId: string | null = null;
  private sentSize = { cols: 0, rows: 0 };
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private theme: ResolvedTheme;
  renderer: RendererKind = 'dom';

  constructor(
    readonly target: string,
    private readonly link: SessionLink,
    theme: ResolvedTheme,
  ) {
    this.theme = theme;
    this.element = document.createElement('div');
    this.element.className = 'terminal-xterm';
    this.term = new Terminal({
      scrollback: TERMINAL_SCROLLBACK,
      allowProposedApi: true,
      fontFamily: TERMINAL_FONT_FAMILY,
      fontSize: 13,
      lineHeight: 1.2,
      cursorBlink: true,
      cursorStyle: 'block',
      theme: TERMINAL_THEMES[theme],
      macOptionIsMeta: true,
      rightClickSelectsWord: false,
      drawBoldTextInBrightColors: false,
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    this.term.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        // Only web links; the hosts route window.open to the OS browser.
        if (/^https?:\/\//i.test(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
      }),
    );
    this.input = new InputCoalescer((data) => {
      const id = this.terminalId;
      if (!id) {
        this.link.note('Still connecting: those keys were not sent.');
        return;
      }
      this.link.write(id, data).catch((err: unknown) => this.link.note(`Keys not sent: ${messageOf(err)}`));
    });
    this.term.onData((data) => this.input.push(data));
    this.term.onBinary((data) => this.input.push(data));
    this.term.attachCustomKeyEventHandler((e) => this.onKey(e));
    this.element.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    const hook = statsHook();
    if (hook) hook[target] = { chars: 0, tail: '', lastWriteAt: 0, renderer: 'dom', cols: this.term.cols, rows: this.term.rows };
  }

  /** The terminal id output and input belong to; a new id starts a new ack count. */
  bind(terminalId: string): void {
    if (this.terminalId === terminalId) return;
    this.terminalId = terminalId;
    this.acks.reset();
    this.sentSize = { cols: 0, rows: 0 };
    this.sendSize();
  }

  get id(): string | null {
    return this.terminalId;
  }

  /**
   * Writes core's output (UTF-8 bytes; xterm decodes them) in slices, and acknowledges the
   * batch once xterm has processed its last slice (one acknowledgement per batch, not per slice).
   */
  output(data: Uint8Array): void {
    if (this.disposed) return;
    const id = this.terminalId;
    const parts = slices(data, OUTPUT_SLICE_BYTES);
    for (let i = 0; i < parts.length - 1; i++) this.term.write(parts[i]!);
    this.term.write(parts.at(-1)!, () => {
      const hook = statsHook()?.[this.target];
      if (hook) {
        hook.chars += data.length;
        // Long enough that a line followed by the shell integration's prompt mark stays in view.
        const text = tailDecoder.decode(data.subarray(Math.max(0, data.length - TAIL_HOOK_BYTES)));
        hook.tail = (hook.tail + text).slice(-TAIL_HOOK_BYTES);
        hook.lastWriteAt = performance.now();
      }
      if (id === null || id !== this.terminalId) return;
      const ack = this.acks.written(data.length);
      if (ack > 0) this.link.ack(id, ack);
    });
  }

  /** Writes a dim line of our own (not core's output: no ack). */
  writeNotice(text: string): void {
    this.term.write(`\r\n\x1b[2m${text}\x1b[0m\r\n`);
  }

  /** Puts the terminal into a container in the page (first time: opens xterm there). */
  attach(container: HTMLElement): void {
    if (this.disposed) return;
    if (this.element.parentElement !== container) container.appendChild(this.element);
    if (!this.opened) {
      this.opened = true;
      this.term.open(this.element);
      this.loadWebgl();
    }
    this.fitNow();
  }

  detach(container: HTMLElement): void {
    if (this.element.parentElement === container) container.removeChild(this.element);
  }

  /** Container size changed: fit, and tell core the new size after things settle. */
  scheduleFit(): void {
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => this.fitNow(), RESIZE_DEBOUNCE_MS);
  }

  fitNow(): void {
    clearTimeout(this.resizeTimer);
    if (!this.opened || this.disposed) return;
    // Hidden (display: none) containers measure 0: keep the last size.
    if (this.element.clientWidth === 0 || this.element.clientHeight === 0) return;
    try {
      this.fit.fit();
    } catch {
      return;
    }
    this.sendSize();
  }

  private sendSize(): void {
    const { cols, rows } = this.term;
    const hook = statsHook()?.[this.target];
    if (hook) Object.assign(hook, { cols, rows });
    const id = this.terminalId;
    if (!id || (cols === this.sentSize.cols && rows === this.sentSize.rows)) return;
    this.sentSize = { cols, rows };
    this.link.resize(id, cols, rows).catch(() => {
      // A terminal that is gone or not yet connected: core keeps the size of the next resize.
      this.sentSize = { cols: 0, rows: 0 };
    });
  }

  setTheme(theme: ResolvedTheme): void {
    if (theme === this.theme) return;
    this.theme = theme;
    this.term.options.theme = TERMINAL_THEMES[theme];
  }

  focus(): void {
    this.term.focus();
  }

  find(query: string, direction: 'next' | 'previous', incremental = false): boolean {
    if (!query) {
      this.search.clearDecorations();
      return false;
    }
    const options: ISearchOptions = { decorations: SEARCH_DECORATIONS[this.theme], incremental };
    return direction === 'next' ? this.search.findNext(query, options) : this.search.findPrevious(query, options);
  }

  onSearchResults(listener: (index: number, count: number) => void): () => void {
    const sub = this.search.onDidChangeResults((e) => listener(e.resultIndex, e.resultCount));
    return () => sub.dispose();
  }

  clearSearch(): void {
    this.search.clearDecorations();
    this.term.clearSelection();
  }

  copySelection(): boolean {
    const text = this.term.getSelection();
    if (!text) return false;
    void navigator.clipboard?.writeText(text).catch(() => this.link.note('Could not copy: the clipboard is not available here.'));
    return true;
  }

  pasteFromClipboard(): void {
    if (!navigator.clipboard?.readText) {
      this.link.note('Paste with Ctrl+Shift+V (the clipboard API is not available here).');
      return;
    }
    navigator.clipboard.readText().then(
      (text) => {
        if (text) this.term.paste(text);
      },
      () => this.link.note('The browser blocked reading the clipboard: paste with Ctrl+Shift+V instead.'),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.resizeTimer);
    this.term.dispose();
    this.element.remove();
  }

  private loadWebgl(): void {
    // window.__tutorTerminalRenderer = 'dom' (set by the benchmark before load) keeps the DOM renderer.
    if (webglBroken || window.__tutorTerminalRenderer === 'dom') return;
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => this.dropWebgl());
      this.term.loadAddon(webgl);
      this.webgl = webgl;
      this.setRenderer('webgl');
    } catch {
      webglBroken = true;
      this.setRenderer('dom');
    }
  }

  private dropWebgl(): void {
    // The GPU context went away: xterm falls back to its DOM renderer once the addon is gone.
    webglBroken = true;
    const webgl = this.webgl;
    this.webgl = undefined;
    try {
      webgl?.dispose();
    } catch {
      // Already half torn down by the lost context.
    }
    this.setRenderer('dom');
  }

  private setRenderer(kind: RendererKind): void {
    this.renderer = kind;
    this.element.dataset.renderer = kind;
    const hook = statsHook()?.[this.target];
    if (hook) hook.renderer = kind;
  }

  private onKey(e: KeyboardEvent): boolean {
    const action = terminalKeyAction(e, isMacPlatform());
    if (!action) return true;
    if (action === 'copy') {
      // Cmd+C with nothing selected does nothing; Ctrl+Shift+C never reaches the shell.
      if (this.copySelection() || !isMacPlatform()) e.preventDefault();
      return false;
    }
    if (action === 'paste') {
      // Let the browser's own paste event reach xterm's textarea (no clipboard permission
      // needed, bracketed paste kept); xterm just must not turn the keys into ^V.
      return false;
    }
    e.preventDefault();
    this.link.openSearch();
    return false;
  }

  private onContextMenu(e: MouseEvent): void {
    // Right-click: copy the selection if there is one, otherwise paste (like Windows Terminal).
    e.preventDefault();
    if (this.copySelection()) {
      this.term.clearSelection();
      return;
    }
    this.pasteFromClipboard();
  }
}
