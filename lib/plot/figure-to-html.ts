import type { Figure } from './figure.js';
import { figureBundle } from './figure-bundle.js';
import { plotlyLoaderScript } from './plotly-source.js';

/** Options of {@link figureToHtml}. */
export interface FigureToHtmlOptions {
  /** Static PNG of each figure (same order), shown where JavaScript does not run. */
  pngs?: readonly (Uint8Array | undefined)[];
}

/**
 * A standalone HTML page showing the figures one below the other, with plotly.js inlined once in the
 * head: it opens offline in any browser (about 4.8 MB plus the data).
 * @returns the page's HTML.
 */
export function figureToHtml(
  figs: Figure | readonly Figure[],
  title: string,
  options: FigureToHtmlOptions = {},
): string {
  const list: readonly Figure[] = Array.isArray(figs) ? figs : [figs as Figure];
  const body = list
    .map((fig, i) => {
      const b = figureBundle(fig, { png: options.pngs?.[i], divId: `sizefit-plot-${i + 1}` });
      return `<section class="sizefit-figure">${b['text/html']}</section>`;
    })
    .join('\n');
  const safeTitle = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<title>${safeTitle}</title>\n` +
    '<style>body{font-family:Arial,Helvetica,sans-serif;margin:24px;}section{margin-bottom:32px;}</style>\n' +
    plotlyLoaderScript() +
    `\n</head>\n<body>\n<h1>${safeTitle}</h1>\n${body}\n</body>\n</html>\n`
  );
}
