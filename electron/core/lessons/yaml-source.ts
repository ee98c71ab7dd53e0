// A YAML text parsed with positions, so schema issues can point at the node they are about.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { Position } from './problems';

export type YamlPath = readonly PropertyKey[];

export interface YamlSyntaxError extends Position {
  message: string;
}

export class YamlSource {
  readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  /** `lineOffset` is the number of file lines before the YAML text (front matter: 1). */
  constructor(readonly text: string, readonly lineOffset = 0) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: true });
  }

  syntaxErrors(): YamlSyntaxError[] {
    return this.doc.errors.map((error) => {
      const at = error.linePos?.[0] ?? this.lines.linePos(error.pos[0]);
      // Pretty messages append " at line N, column M:" and a source excerpt; keep the first part.
      const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
      return { line: at.line + this.lineOffset, col: at.col, message };
    });
  }

  /** The parsed value, only meaningful when there are no syntax errors. */
  data(): unknown {
    return this.doc.toJS();
  }

  /** File position of a character offset into the YAML text. */
  position(offset: number): Position {
    const at = this.lines.linePos(offset);
    return { line: at.line + this.lineOffset, col: at.col };
  }

  /** The node at `path`; if part of the path is missing, the deepest node that exists. */
  nodeAt(path: YamlPath): { range: [number, number] } | undefined {
    let node: unknown = this.doc.contents;
    let found = rangeOf(node);
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(key));
        if (!pair) break;
        node = pair.value;
        found = rangeOf(pair.value) ?? rangeOf(pair.key) ?? found;
        if (!rangeOf(pair.value)) break;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key];
        if (!rangeOf(item)) break;
        node = item;
        found = rangeOf(item);
      } else {
        break;
      }
    }
    return found ? { range: found } : undefined;
  }

  /** Position of the node at `path` (or its deepest existing ancestor). */
  positionOf(path: YamlPath): Position {
    const node = this.nodeAt(path);
    return node ? this.position(node.range[0]) : { line: 1 + this.lineOffset, col: 1 };
  }

  /** Position of the key `key` in the map at `path` (used for unknown fields). */
  positionOfKey(path: YamlPath, key: string): Position {
    const node = this.exactNode(path);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === key);
      const range = pair && rangeOf(pair.key);
      if (range) return this.position(range[0]);
    }
    return this.positionOf(path);
  }

  /** Position of `needle` as written inside the node at `path`, else of the node itself. */
  positionOfText(path: YamlPath, needle: string, occurrence = 0): Position {
    const node = this.nodeAt(path);
    if (!node) return this.positionOf(path);
    const source = this.text.slice(node.range[0], node.range[1]);
    let index = -1;
    for (let i = 0; i <= occurrence; i++) {
      const next = source.indexOf(needle, index + 1);
      if (next < 0) break;
      index = next;
    }
    return this.position(node.range[0] + Math.max(index, 0));
  }

  /** A number as written (`1.20`, not 1.2), if the node at `path` is a numeric scalar. */
  numberAsWritten(path: YamlPath): string | undefined {
    const node = this.exactNode(path);
    return isScalar(node) && typeof node.value === 'number' && typeof node.source === 'string' ? node.source : undefined;
  }

  /** The node at exactly `path`, or undefined. */
  private exactNode(path: YamlPath): unknown {
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      if (isMap(node)) node = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment))?.value;
      else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
      else return undefined;
    }
    return node;
  }
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function rangeOf(node: unknown): [number, number] | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: readonly number[] | null }).range;
    if (range && typeof range[0] === 'number' && typeof range[1] === 'number') return [range[0], range[1]];
  }
  return undefined;
}
