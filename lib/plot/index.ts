// Re-exports of lib/plot. Each concept lives in its own file.
export * from './figure.js';
export { FIT_COLORS, CATEGORY_PALETTE, SINGLE_SERIES_COLOR, categoryColor } from './fit-colors.js';
export type { GroupInput } from './group-values.js';
export * from './histogram.js';
export * from './bar-chart.js';
export * from './scatter-plot.js';
export * from './line-chart.js';
export { heatmap, DIVERGING_COLORSCALE, type HeatmapOptions } from './heatmap.js';
export * from './correlation-heatmap.js';
export * from './box-plot.js';
export * from './plot-render-error.js';
export { PLOTLY_MIME, figureBundle, type FigureBundle, type FigureBundleOptions } from './figure-bundle.js';
export * from './static-renderer.js';
export {
  showFigure,
  notebookFigureBundle,
  initNotebookPlotting,
  resetNotebookPlotting,
  notebookPlottingInitialized,
  type ShowFigureOptions,
} from './show-figure.js';
export * from './figure-to-html.js';
export { rocChart, thinRocPoints, type RocSeries, type RocChartOptions } from './roc-chart.js';
export { calibrationChart, type CalibrationChartOptions } from './calibration-chart.js';
export { intervalChart, type IntervalPoint, type IntervalSeries, type IntervalChartOptions } from './interval-chart.js';
export { coldStartChart, type ColdStartSeries } from './cold-start-chart.js';
export { screeChart, type ScreeChartOptions } from './scree-chart.js';
export { loadingsHeatmap, type LoadingsHeatmapOptions } from './loadings-heatmap.js';
export { histogramByGroupChart } from './histogram-by-group-chart.js';
