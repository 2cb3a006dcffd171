import { createRequire } from 'node:module';

/** What tslab's kernel passes to its display writer: one Jupyter `display_data` content. */
export interface DisplayData {
  /** MIME type → value (strings, base64 for binary types, JSON objects for JSON types). */
  data: Record<string, unknown>;
  /** Per-MIME metadata. */
  metadata: Record<string, unknown>;
  /** Transient part (display id). */
  transient?: { display_id?: string };
}

type WriteDisplayData = (content: DisplayData, update: boolean) => void;

/** True when this code runs inside a tslab kernel (tslab sets `globalThis.__tslab__` before running a cell). */
export function inTslab(): boolean {
  return (globalThis as { __tslab__?: unknown }).__tslab__ !== undefined;
}

/**
 * The display writer of the cell tslab is running now, or undefined outside tslab. tslab's public
 * `display.raw(mime, value)` sends one MIME type per output; its module `tslab/dist/jupyter` keeps the
 * writer of the current execution (`lastWriteDisplayData`), which takes a whole bundle. The kernel's own
 * copy of that module is looked up in the module cache first, so a kernel started from another tslab
 * install still works.
 */
export function tslabDisplayWriter(): WriteDisplayData | undefined {
  if (!inTslab()) return undefined;
  const req = createRequire(import.meta.url);
  const candidates: unknown[] = [];
  for (const [file, mod] of Object.entries(req.cache)) {
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file) && mod !== undefined) candidates.push(mod.exports);
  }
  try {
    candidates.push(req('tslab/dist/jupyter'));
  } catch {
    // Not resolvable from here: only the cached copies can be used.
  }
  for (const c of candidates) {
    const w = (c as { lastWriteDisplayData?: unknown } | null)?.lastWriteDisplayData;
    if (typeof w === 'function') return w as WriteDisplayData;
  }
  return undefined;
}
