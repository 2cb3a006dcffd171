import type { Command, CommandIO } from './command.js';
import { hasFlag, optInt, optNumber, optString, parseArgs, requireString } from './args.js';
import { InvalidArgumentError } from '../core/errors.js';
import { printable } from '../core/printable.js';
import { requireRecords } from './require-records.js';
import { DATASET_HELP_LINES, loadDatasetOption } from './dataset-option.js';
import { refuseTruncatedFile } from '../data/refuse-truncated-file.js';
import type { ArticleSizeFlag } from '../advice/size-flags.js';

const USAGE = `sizefit flags --dataset NAME|PATH [--json] [--all] [--prior-strength 10] [--level 0.95] [--seed 0]

  Flags the articles of a dataset that run small or large relative to the other articles of their category
  (Dirichlet posteriors of each article's small / fit / large rates with a category prior). An article runs small
  (take a size up) when the credible interval of its P(small) - P(large) lies above the median of the category's
  other articles and more of its own sales were reported small than large; it runs large (take a size down) when the
  interval lies below and more were reported large than small. A category with fewer than 5 labelled articles is
  compared with the pooled sales of all other articles (column vs: dataset); as those may run small or large
  themselves, its articles are flagged only when the interval also excludes 0 (as many small as large reports) on
  the flag's side. Without any other labelled article there is nothing to compare with: no flag, baseline none (null
  in JSON). Prints the flagged articles, most certain first, with their evidence (sales per class, posterior
  tendency, interval, baseline). A truncated gzip file is refused (flags from its first lines would pass for
  the file's).
  --dataset         ${DATASET_HELP_LINES.join('\n                    ')}
  --prior-strength  weight of the category prior, in pseudo-sales (1e-6 to 1e6, default 10).
  --level           credible level of the interval (between 0 and 1, exclusive; default 0.95): the central interval
                    of 2,000 posterior draws per article; a higher level widens it, so it flags no more articles.
  --seed            seed of those posterior draws (a whole number >= 0, default 0): each article draws from its own
                    stream of the seed and its id, so the same seed gives the same intervals and flags.
  --json prints one JSON object {dataset, sha256, articles, flagged, flags: [...]}; --all lists every article.`;

function printFlags(flags: ArticleSizeFlag[], io: CommandIO): void {
  io.out(`item          category      flag          n   small   fit  large  tendency  interval          baseline  vs`);
  for (const f of flags) {
    const n = f.counts.small + f.counts.fit + f.counts.large;
    // printable() before padding and cutting: the ids come from the data, and a cut must not split an escape.
    io.out(
      `${printable(f.item).padEnd(13)} ${printable(f.category).slice(0, 12).padEnd(13)} ${f.flag.padEnd(12)} ${String(n).padStart(4)} ` +
        `${String(f.counts.small).padStart(6)} ${String(f.counts.fit).padStart(5)} ${String(f.counts.large).padStart(6)}  ` +
        `${f.tendency.toFixed(3).padStart(8)}  ${`[${f.interval[0].toFixed(3)}, ${f.interval[1].toFixed(3)}]`.padEnd(18)}` +
        `${(Number.isNaN(f.baseline) ? 'none' : f.baseline.toFixed(3)).padStart(8)}  ${f.baselineScope}`,
    );
  }
}

/** `sizefit flags`: article size flags (runs small / runs large) of a dataset, with their evidence. */
export const flagsCommand: Command = {
  name: 'flags',
  summary: 'articles that run small or large relative to their category, with the evidence',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['dataset', 'level', 'prior-strength', 'seed'], flags: ['json', 'all'] });
    const name = requireString(args, 'dataset');
    const { sizeFlags, MIN_STRENGTH, MAX_STRENGTH } = await import('../advice/size-flags.js');
    // The range sizeFlags accepts, checked here to name the flag.
    const priorStrength = optNumber(args, 'prior-strength', { min: MIN_STRENGTH, max: MAX_STRENGTH });
    const level = optNumber(args, 'level');
    if (level !== undefined && !(level > 0 && level < 1))
      throw new InvalidArgumentError(`--level must be between 0 and 1 (exclusive), got '${optString(args, 'level')}'`);
    const seed = optInt(args, 'seed', 0, { min: 0 });
    const { dataset, report } = await loadDatasetOption(name, io, 'flags');
    refuseTruncatedFile(report, 'flag articles from');
    requireRecords(dataset, report, 'labelled record to compare articles with');
    const all = sizeFlags(dataset, {
      priorStrength,
      level,
      seed,
    });
    const certainty = (f: ArticleSizeFlag): number => Math.max(f.probabilityAbove, 1 - f.probabilityAbove);
    const flagged = all.filter((f) => f.flag !== 'true-to-size').sort((a, b) => certainty(b) - certainty(a));
    const shown = hasFlag(args, 'all') ? all : flagged;
    if (hasFlag(args, 'json')) {
      io.out(
        JSON.stringify({
          dataset: dataset.meta.name,
          sha256: dataset.meta.sha256,
          articles: all.length,
          flagged: flagged.length,
          flags: shown,
        }),
      );
      return 0;
    }
    const small = flagged.filter((f) => f.flag === 'runs-small').length;
    io.out(
      `${printable(dataset.meta.name)}: ${all.length} articles, ${small} run small, ${flagged.length - small} run large`,
    );
    printFlags(shown, io);
    return 0;
  },
};
