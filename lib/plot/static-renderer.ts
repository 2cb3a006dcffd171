import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { InvalidArgumentError } from '../core/errors.js';
import type { Figure } from './figure.js';
import { PlotRenderError } from './plot-render-error.js';
import { plotlyJsSource } from './plotly-source.js';
import { inTslab } from './tslab-display.js';

/** Options of {@link renderStatic}. */
export interface StaticRenderOptions {
  /** `png` (default) or `svg`. */
  format?: 'png' | 'svg';
  /** Image width in CSS pixels (default: the layout's width, else 800). */
  width?: number;
  /** Image height in CSS pixels (default: the layout's height, else 500). */
  height?: number;
  /** Pixel ratio of a PNG (default 1: the PNG is exactly width × height pixels). */
  scale?: number;
}

/** Whether static images can be made here, and if not, why and how to fix it. */
export interface StaticRenderSupport {
  /** True when Chromium and playwright-core were found and `SIZEFIT_STATIC_PLOTS` is not `0`. */
  available: boolean;
  /** The Chromium executable that would be used. */
  executablePath?: string;
  /** Why static images are not available, with the fix. */
  reason?: string;
}

/** Command-line switches for headless Chromium: no GPU, no sandbox (containers), no network chatter. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
]);

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Checks, without starting anything, whether {@link renderStatic} can work: env `SIZEFIT_STATIC_PLOTS=0`
 * turns static images off; the browser is `SIZEFIT_CHROMIUM` or the first of /usr/bin/chromium,
 * /usr/bin/chromium-browser, /usr/bin/google-chrome; playwright-core must be installed.
 */
export function staticRenderSupport(): StaticRenderSupport {
  if (process.env.SIZEFIT_STATIC_PLOTS === '0') {
    return { available: false, reason: 'static images are turned off (SIZEFIT_STATIC_PLOTS=0)' };
  }
  const fromEnv = process.env.SIZEFIT_CHROMIUM;
  const executablePath = fromEnv !== undefined && fromEnv !== '' ? fromEnv : CANDIDATES.find((p) => existsSync(p));
  if (executablePath === undefined || !existsSync(executablePath)) {
    return {
      available: false,
      reason:
        `Chromium not found (${fromEnv !== undefined && fromEnv !== '' ? `SIZEFIT_CHROMIUM=${fromEnv} does not exist` : `looked in ${CANDIDATES.join(', ')}`}): ` +
        'install it with `apt-get install chromium`, or set SIZEFIT_CHROMIUM=/path/to/chromium',
    };
  }
  try {
    createRequire(import.meta.url).resolve('playwright-core');
  } catch {
    return {
      available: false,
      executablePath,
      reason: 'playwright-core is not installed: npm install playwright-core',
    };
  }
  return { available: true, executablePath };
}

interface Renderer {
  browser: Browser;
  page: Page;
}

let starting: Promise<Renderer> | undefined;
let active = 0;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * How long the browser may sit unused before it is closed. The browser's pipes keep Node's event loop
 * alive, so a script or test process could not exit while it runs: outside a notebook it closes after
 * 1 s without work (a new render starts it again). Inside tslab the kernel is long-lived and keeps it;
 * playwright kills it when the kernel exits. Env `SIZEFIT_STATIC_IDLE_MS` overrides (0 = never).
 */
function idleCloseMs(): number {
  const env = process.env.SIZEFIT_STATIC_IDLE_MS;
  if (env !== undefined && env !== '' && Number.isFinite(Number(env))) return Number(env);
  return inTslab() ? 0 : 1000;
}

/**
 * The running renderer, or a new one. A renderer whose browser died (crash, OOM kill) or whose page closed or crashed
 * is dropped, so the next render launches a new browser even when no idle timer would ever reset it (tslab); a render
 * that was under way when it died is drawn again in the new one (see {@link renderStatic}).
 */
async function renderer(retry = true): Promise<Renderer> {
  if (starting === undefined) {
    const launching: Promise<Renderer> = launch().then(
      (r) => {
        const drop = (): void => forget(launching, r);
        r.browser.on('disconnected', drop);
        r.page.on('close', drop);
        r.page.on('crash', drop);
        return r;
      },
      (e: unknown) => {
        if (starting === launching) starting = undefined;
        throw e;
      },
    );
    starting = launching;
  }
  const current = starting;
  const r = await current;
  if (r.browser.isConnected() && !r.page.isClosed()) return r;
  // Died before its event arrived: forget it here, then start (or join) a new one, once.
  forget(current, r);
  if (!retry) throw new PlotRenderError('Chromium closed right after it started');
  return renderer(false);
}

function forget(launching: Promise<Renderer>, r: Renderer): void {
  if (starting !== launching) return;
  starting = undefined;
  // A crashed page can leave its browser running: close it (a dead one rejects, which is fine).
  r.browser.close().catch(() => undefined);
}

async function launch(): Promise<Renderer> {
  const support = staticRenderSupport();
  if (!support.available) throw new PlotRenderError(`static image skipped: ${support.reason}`);
  const { chromium } = await import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: support.executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
  } catch (e) {
    throw new PlotRenderError(`could not start Chromium at ${support.executablePath}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
  await page.addScriptTag({ content: plotlyJsSource() });
  return { browser, page };
}

/**
 * Draws a figure as a PNG or SVG image in headless Chromium with `Plotly.toImage`. The browser starts on
 * the first call (~1-3 s) and is reused (~0.1-0.5 s per image); plotly.js is injected from the
 * installed package, with no network. Outside a notebook the browser closes after 1 s unused (see
 * `SIZEFIT_STATIC_IDLE_MS`), so a script can exit; {@link closeStaticRenderer} closes it at once.
 * @returns PNG bytes, or the SVG text.
 * @throws InvalidArgumentError when `width`, `height` or `scale` is not a finite number > 0; PlotRenderError when
 *   static images are off or Chromium / playwright-core is missing or fails.
 */
export async function renderStatic(fig: Figure, options: StaticRenderOptions & { format: 'svg' }): Promise<string>;
export async function renderStatic(fig: Figure, options?: StaticRenderOptions & { format?: 'png' }): Promise<Buffer>;
export async function renderStatic(fig: Figure, options: StaticRenderOptions = {}): Promise<Buffer | string> {
  const format = options.format ?? 'png';
  const width = options.width ?? numberOr(fig.layout.width, 800);
  const height = options.height ?? numberOr(fig.layout.height, 500);
  const scale = options.scale ?? 1;
  // Checked before the browser starts: plotly refused a width of NaN, 0 or -5 as a PlotRenderError, which says
  // that the environment is at fault.
  for (const [key, v] of [
    ['width', width],
    ['height', height],
    ['scale', scale],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0))
      throw new InvalidArgumentError(`renderStatic: ${key} must be a finite number > 0, got ${v}`);
  }
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  active++;
  let url: string;
  try {
    const toImage = (page: Page): Promise<string> =>
      page.evaluate(
        async (arg) => {
          const P = (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
          return P.toImage(
            { data: arg.fig.data, layout: { ...arg.fig.layout, width: arg.width, height: arg.height } },
            { format: arg.format, width: arg.width, height: arg.height, scale: arg.scale },
          );
        },
        { fig: { data: fig.data, layout: fig.layout }, format, width, height, scale },
      );
    const r = await renderer();
    try {
      url = await toImage(r.page);
    } catch (e) {
      // Chromium died before playwright reported it (a crash or an OOM kill just before this call): the call failed
      // with "Target page, context or browser has been closed", and the renderer has been dropped meanwhile. Draw
      // once more, in a new browser.
      if (r.browser.isConnected() && !r.page.isClosed()) throw e;
      url = await toImage((await renderer()).page);
    }
  } catch (e) {
    if (e instanceof PlotRenderError) throw e;
    throw new PlotRenderError(`Plotly.toImage failed: ${(e as Error).message}`, { cause: e });
  } finally {
    active--;
    const idle = idleCloseMs();
    if (active === 0 && idle > 0 && starting !== undefined) {
      idleTimer = setTimeout(() => void closeStaticRenderer(), idle);
    }
  }
  const comma = url.indexOf(',');
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  if (format === 'svg') {
    return head.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
  }
  return Buffer.from(body, 'base64');
}

/** Closes the headless browser, if one was started. Safe to call at any time; the next render starts a new one. */
export async function closeStaticRenderer(): Promise<void> {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  const current = starting;
  starting = undefined;
  if (current === undefined) return;
  try {
    const { browser } = await current;
    await browser.close();
  } catch {
    // A launch that failed has nothing to close.
  }
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}
