import type { Command, CommandIO } from './command.js';
import { hasFlag, parseArgs, requireString } from './args.js';
import { InvalidArgumentError } from '../core/errors.js';
import { DATASET_HELP_LINES, loadDatasetOption } from './dataset-option.js';
import { notJsonLinesHint } from './require-records.js';
import { truncatedFileNote } from './truncated-file.js';
import { printable } from '../core/printable.js';
import { plural } from '../core/plural.js';
import { FIT_CLASSES } from '../core/labels.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { LoadReport } from '../data/load-report.js';

const USAGE = `sizefit data <stats|list|fetch> [options]

  sizefit data stats --dataset NAME|PATH [--json] [--strict]
      Loads a dataset (renttherunway, modcloth, sample, or a JSON-lines file, plain or gzip) and prints
      records, distinct users and items, fit label counts, missing rate per field and the problems found.
      --json prints one JSON object (records, users, items, fit, missing, problems, sha256, format,
      problemCounts, examples, truncated, ...). --strict fails on the first problem. A truncated gzip file
      is read up to its cut, said on stderr (train, cv, evaluate, flags, db ingest and serve --history refuse it).
      --dataset: ${DATASET_HELP_LINES.join('\n      ')}
  sizefit data list [--json]
      The named datasets, where they are looked for and whether they are present.
  sizefit data fetch NAME
      Downloads the official file of NAME (renttherunway, modcloth) into the data directory
      (env SIZEFIT_DATA_DIR, default <project root>/datasets/cache).`;

/** Summary statistics of a loaded dataset, as printed by `sizefit data stats --json`. */
export interface DataStats {
  dataset: string;
  source: string;
  format: string;
  sha256: string;
  records: number;
  users: number;
  items: number;
  fit: { small: number; fit: number; large: number; missing: number };
  missing: Record<string, number>;
  problems: number;
  problemCounts: LoadReport['problemCounts'];
  problemsByField: LoadReport['problemsByField'];
  examples: LoadReport['examples'];
  totalLines: number;
  rowsDropped: number;
  duplicates: number;
  unknownFields: LoadReport['unknownFields'];
  /** Set for a truncated gzip file: the statistics are those of the lines before the cut. */
  truncated: LoadReport['truncated'];
}

function distinct(dataset: ColumnarDataset, name: string): number {
  const c = dataset.categories(name);
  const seen = new Uint8Array(c.categories.length);
  let n = 0;
  for (const k of c.codes) {
    if (k >= 0 && seen[k] === 0) {
      seen[k] = 1;
      n++;
    }
  }
  return n;
}

/** Computes the statistics `sizefit data stats` prints. */
export function dataStats(dataset: ColumnarDataset, report: LoadReport): DataStats {
  const fit = { small: 0, fit: 0, large: 0, missing: 0 };
  for (const k of dataset.categories('fit').codes) {
    if (k < 0) fit.missing++;
    else fit[FIT_CLASSES[k]]++;
  }
  return {
    dataset: dataset.meta.name,
    source: dataset.meta.source,
    format: dataset.meta.format,
    sha256: dataset.meta.sha256,
    records: dataset.length,
    users: distinct(dataset, 'user_id'),
    items: distinct(dataset, 'item_id'),
    fit,
    missing: dataset.missingRates(),
    problems: report.problems,
    problemCounts: report.problemCounts,
    problemsByField: report.problemsByField,
    examples: report.examples,
    totalLines: report.totalLines,
    rowsDropped: report.rowsDropped,
    duplicates: report.duplicates,
    unknownFields: report.unknownFields,
    truncated: report.truncated,
  };
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function printStats(s: DataStats, io: CommandIO): void {
  io.out(`dataset   ${printable(s.dataset)} (${s.format})`);
  io.out(`source    ${printable(s.source)}`);
  io.out(`sha256    ${s.sha256}`);
  if (s.truncated) {
    io.out(
      `truncated gzip: cut after line ${fmt(s.truncated.afterLine)} (${fmt(s.truncated.bytesRead)} bytes of text ` +
        'read); the figures below are of those lines only',
    );
  }
  io.out(
    `records   ${fmt(s.records)} (lines ${fmt(s.totalLines)}, dropped ${fmt(s.rowsDropped)}, exact duplicates kept ${fmt(s.duplicates)})`,
  );
  io.out(`users     ${fmt(s.users)}`);
  io.out(`items     ${fmt(s.items)}`);
  const total = s.records || 1;
  io.out(
    `fit       small ${fmt(s.fit.small)} (${pct(s.fit.small / total)}) · fit ${fmt(s.fit.fit)} (${pct(s.fit.fit / total)}) · large ${fmt(s.fit.large)} (${pct(s.fit.large / total)})` +
      (s.fit.missing ? ` · unlabeled ${fmt(s.fit.missing)}` : ''),
  );
  io.out('missing');
  const width = Math.max(...Object.keys(s.missing).map((k) => k.length));
  for (const [k, v] of Object.entries(s.missing)) io.out(`  ${k.padEnd(width)}  ${s.records > 0 ? pct(v) : 'n/a'}`);
  io.out(`problems  ${fmt(s.problems)}`);
  for (const [k, v] of Object.entries(s.problemCounts)) if (v) io.out(`  ${k}: ${fmt(v)}`);
  for (const [k, v] of Object.entries(s.problemsByField)) io.out(`  field ${printable(k)}: ${fmt(v)}`);
  for (const e of s.examples.slice(0, 10)) io.out(`  line ${fmt(e.line)}: ${printable(e.message)}`);
  for (const u of s.unknownFields)
    io.out(
      `  note: unknown field '${printable(u.name)}' in ${fmt(u.count)} records (first at line ${u.firstLine}), not loaded`,
    );
}

async function stats(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { values: ['dataset'], flags: ['json', 'strict'] });
  const name = requireString(args, 'dataset');
  const { dataset, report } = await loadDatasetOption(name, io, 'data stats', { strict: hasFlag(args, 'strict') });
  const s = dataStats(dataset, report);
  // The statistics of a truncated file are those of its first lines: said first, apart from the problems listed.
  const truncated = truncatedFileNote(report);
  if (truncated !== null) io.err(`sizefit data stats: ${truncated}`);
  if (hasFlag(args, 'json')) io.out(JSON.stringify(s));
  else printStats(s, io);
  if (dataset.length === 0) {
    // The statistics are still printed (they say why), but a file without a record is not a usable dataset.
    const unlabelled = report.problemCounts['missing-label'] + report.problemCounts['invalid-label'];
    const other = report.rowsDropped - unlabelled;
    io.err(
      unlabelled > 0
        ? `sizefit data stats: no labelled record in ${printable(report.source)}: ${plural(unlabelled, 'record')} read, ` +
            `none with a valid fit label` +
            (other > 0 ? `; ${plural(other, 'other line')} left out` : '')
        : `sizefit data stats: no record was read from ${printable(report.source)}${notJsonLinesHint(report)}`,
    );
    return 1;
  }
  return 0;
}

async function list(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'] });
  const { listDatasets, dataDirectory } = await import('../data/dataset-registry.js');
  const all = listDatasets();
  if (hasFlag(args, 'json')) {
    io.out(JSON.stringify({ dataDir: dataDirectory(), datasets: all }));
    return 0;
  }
  io.out(`data directory: ${dataDirectory()} (set SIZEFIT_DATA_DIR to change)`);
  for (const d of all) {
    io.out(`${d.name.padEnd(14)} ${d.present ? 'present ' : 'missing '} ${d.description}`);
    io.out(`${''.padEnd(14)} ${d.present ? d.source : `looked for: ${d.lookedAt.join(', ')}`}`);
  }
  return 0;
}

async function fetchCmd(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { positional: ['NAME'] });
  const name = args.positional[0];
  if (!name) throw new InvalidArgumentError('sizefit data fetch NAME: which dataset (renttherunway, modcloth)?');
  const { fetchDataset } = await import('../data/fetch-dataset.js');
  const path = await fetchDataset(name);
  io.out(`saved ${path}`);
  return 0;
}

/** `sizefit data stats|list|fetch`: dataset statistics, the dataset registry, and downloads. */
export const dataCommand: Command = {
  name: 'data',
  summary: 'dataset statistics (stats), the named datasets (list), downloads (fetch)',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'stats') return stats(rest, io);
    if (sub === 'list') return list(rest, io);
    if (sub === 'fetch') return fetchCmd(rest, io);
    io.err(sub === undefined ? USAGE : `sizefit data: unknown subcommand '${sub}'\n\n${USAGE}`);
    return 2;
  },
};
