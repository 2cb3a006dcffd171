import type { FigureOptions, PlotLayout } from './figure.js';

/**
 * The layout every builder starts from: title, axis titles, a white template, margins that leave room
 * for axis titles, and a legend that plotly places outside the plot area (so long names are not cut).
 */
export function baseLayout(options: FigureOptions, defaults: { x?: string; y?: string } = {}): PlotLayout {
  const layout: PlotLayout = {
    title: { text: options.title ?? '' },
    xaxis: { title: { text: options.xLabel ?? defaults.x ?? '' }, automargin: true },
    yaxis: { title: { text: options.yLabel ?? defaults.y ?? '' }, automargin: true },
    margin: { l: 70, r: 30, t: options.title !== undefined ? 60 : 30, b: 60 },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    font: { family: 'Arial, Helvetica, sans-serif', size: 13 },
    legend: { title: { text: '' } },
  };
  if (options.width !== undefined) layout.width = options.width;
  if (options.height !== undefined) layout.height = options.height;
  return layout;
}
