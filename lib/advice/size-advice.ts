import { InvalidArgumentError } from '../core/errors.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { FitModel } from '../models/fit-model.js';
import { convertSize, type SizeConversion } from '../sizes/convert-size.js';
import { getSizeSystem, parseSize } from '../sizes/size-registry.js';
import type { Size } from '../sizes/size.js';
import { AdviceHistory } from './advice-history.js';
import { buildCandidateRows, type CandidateRequest, type CandidateRowOptions } from './candidate-rows.js';
import { chooseSize, type BetweenSizes, type ChooseSizeOptions, type SizeChoice } from './choose-size.js';

/** A size-advice question: a customer, an article and its available sizes. */
export interface SizeAdviceRequest extends CandidateRequest {
  /** Labels of `sizes` (same order), shown in the advice; parsed in `sizeSystem` when that is given. */
  labels?: readonly string[];
  /** lib/sizes id of the labels' system (e.g. `letter`); needed for the profile fallback. */
  sizeSystem?: string;
  /**
   * The customer's size in any lib/sizes system (e.g. from {@link customerSizeProfiles}): when the model gives
   * no advice, it is converted to `sizeSystem` and the nearest available label is advised (source `profile`).
   */
  profileSize?: Size;
}

/** The decision rules of {@link adviseSizes}. */
export const ADVICE_RULES = ['max-fit', 'usual-shift'] as const;

/** A decision rule of {@link adviseSizes} (see there). */
export type AdviceRule = (typeof ADVICE_RULES)[number];

/** Options of {@link adviseSizes}. */
export interface SizeAdviceOptions extends ChooseSizeOptions, CandidateRowOptions {
  /**
   * `max-fit` (default): the size of lowest expected misfit over all sizes ({@link chooseSize}); `usual-shift`: the
   * customer's usual size, moved one size toward the model's lean there (see {@link adviseSizes}).
   */
  rule?: AdviceRule;
  /** `usual-shift`: move off the usual size when |P(small) - P(large)| there exceeds this (default 0.3). */
  shiftMargin?: number;
  /** No advice when P(fit) at the chosen size is below this (default 0.5). */
  minFitProbability?: number;
  /**
   * Gender of the profile conversions: needed where neither system fixes it (`letter` to `jeans`), default `women`
   * there; where a system fixes it (men's EU), it must agree.
   */
  gender?: 'women' | 'men';
}

/** A {@link SizeAdvice.fitSpread} below this is flat: P(fit) barely changes with the size. */
export const FLAT_FIT_SPREAD = 0.05;

/** Largest minus smallest P(fit) of an n x 3 probability matrix; NaN for fewer than 2 rows. */
function fitSpreadOf(proba: ArrayLike<number>, n: number): number {
  if (n < 2) return NaN;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < n; k++) {
    lo = Math.min(lo, proba[3 * k + 1]);
    hi = Math.max(hi, proba[3 * k + 1]);
  }
  return hi - lo;
}

/** Why no size is advised. */
export type NoAdviceReason = 'no-sizes' | 'unknown-customer' | 'unknown-customer-and-article' | 'low-confidence';

/** The advice for one request. */
export interface SizeAdvice {
  customer: string;
  item: string;
  /** The available sizes, in request order. */
  sizes: readonly number[];
  /** Their labels, when given. */
  labels?: readonly string[];
  /** P(small), P(fit), P(large) per size (n x 3, request order); NaN when the model was not asked. */
  proba: Float64Array;
  /** Where the advice comes from: the fit model, the converted profile size, or nowhere. */
  source: 'model' | 'profile' | 'none';
  /** Index of the advised size in `sizes` (-1 without advice). */
  index: number;
  /** The advised size value (NaN without advice). */
  size: number;
  /** The advised label, when labels were given. */
  label?: string;
  /**
   * P(fit) at the advised size; without advice, at the size the rule chose (with `max-fit` and equal costs the highest
   * P(fit)); NaN when the model was not asked.
   */
  confidence: number;
  /**
   * How much the size matters to the model: the largest minus the smallest P(fit) over the sizes (NaN when the model
   * was not asked or there is one size). Below {@link FLAT_FIT_SPREAD} the reason says that the choice says little
   * (a cold start with only body fields often looks so): `confidence` alone would not show it.
   */
  fitSpread: number;
  /** Set when the customer falls between two sizes (see {@link chooseSize}). */
  between?: BetweenSizes;
  /** Set when there is no advice. */
  noAdvice?: NoAdviceReason;
  /** One line saying why this advice (or none). */
  reason: string;
  customerSeen: boolean;
  articleSeen: boolean;
}

/**
 * Size advice for many requests with one `predictProba` call: scores every available size of each request (rows
 * built by {@link buildCandidateRows}), chooses one by `options.rule` and gives a confidence (P(fit) there).
 *
 * Rules. `max-fit` (default): the size of lowest expected misfit over all sizes, {@link chooseSize} (with equal
 * costs the highest P(fit)). `usual-shift`: the available size nearest the customer's usual size (median size in the
 * history), moved one size up when the model leans small there (costSmall·P(small) - costLarge·P(large) > `shiftMargin`,
 * default 0.3; with the default equal costs P(small) - P(large))
 * and one down when it leans large; a customer without a usual size (unseen, body fields given) falls back to
 * `max-fit`; a usual size more than one step (the article's smallest size gap) outside the article's sizes is said in
 * the reason. Why: models trained on observed purchases learn P(label | the size the customer chose), and a
 * customer who picks a size off her usual one mostly does so because the article runs off, so the fitted
 * probabilities at off-usual sizes are confounded (on RentTheRunway the best model's P(small) rises for sizes above
 * the usual one); at the usual size the model's lean is still informative about the article and the customer. On the
 * RentTheRunway dev file (80/20, seed 0, `minFitProbability` 0, notebook 04), with gbdt-relative, `usual-shift` kept
 * most of the usual-size baseline's exact matches (0.504 vs 0.528 of `fit` rows) and about doubled the right-direction
 * shares of `small` / `large` rows (0.235 / 0.296 vs 0.118 / 0.214), where `max-fit` reached 0.392 exact and
 * 0.097 / 0.162 (neural: 0.496 and 0.226 / 0.299 with `usual-shift`, 0.209 and 0.090 / 0.209 with `max-fit`). The
 * usual size alone stays the best on exact matches. On synthetic data (no such selection) `usual-shift` also beat
 * `max-fit`: 0.745 vs 0.726 of advised purchases at the buyer's best size, simulated return rate 0.230 vs 0.251.
 *
 * No advice (not an error) when the request has no sizes, when the customer is unseen and no body is given
 * (`unknown-customer`), when customer and article are both unseen, or when P(fit) at the choice is below
 * `minFitProbability`. In those cases, a request with `profileSize` and `sizeSystem` is answered from the
 * profile: the profile size converted with lib/sizes `convertSize` (e.g. EU 38 → letter M), then the available
 * size of nearest ordinal (the larger on a tie).
 *
 * @param history - past purchases (the model's training rows), or an index of them.
 * @returns one advice per request, in order.
 * @throws SizeError for a label that is not a size of `sizeSystem`, or a conversion that does not exist;
 *   InvalidArgumentError when labels and sizes differ in length or a size repeats.
 */
export function adviseSizes(
  model: FitModel,
  history: AdviceHistory | ColumnarDataset,
  requests: readonly SizeAdviceRequest[],
  options: SizeAdviceOptions = {},
): SizeAdvice[] {
  const h = history instanceof AdviceHistory ? history : new AdviceHistory(history);
  const minFit = options.minFitProbability ?? 0.5;
  const rule = options.rule ?? 'max-fit';
  const shiftMargin = options.shiftMargin ?? 0.3;
  if (!(ADVICE_RULES as readonly string[]).includes(rule)) {
    throw new InvalidArgumentError(`unknown advice rule '${String(rule)}' (known: ${ADVICE_RULES.join(', ')})`);
  }
  if (!(shiftMargin >= 0)) throw new InvalidArgumentError(`shiftMargin must be >= 0, got ${shiftMargin}`);
  if (!(minFit >= 0 && minFit <= 1)) {
    throw new InvalidArgumentError(`minFitProbability must be in [0, 1], got ${minFit}`);
  }
  for (const key of ['costSmall', 'costLarge', 'betweenMargin'] as const) {
    const v = options[key];
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) {
      throw new InvalidArgumentError(`${key} must be a finite number >= 0, got ${v}`);
    }
  }
  // Every request is checked whether or not the model is asked: the same request always fails the same way.
  const parsed = requests.map((r, i) => {
    if (r.labels !== undefined && r.labels.length !== r.sizes.length) {
      throw new InvalidArgumentError(`request ${i}: ${r.labels.length} labels for ${r.sizes.length} sizes`);
    }
    const seen = new Set<number>();
    for (const size of r.sizes) {
      if (!Number.isFinite(size)) throw new InvalidArgumentError(`request ${i}: size ${size} is not a finite number`);
      if (seen.has(size)) throw new InvalidArgumentError(`request ${i}: size ${size} repeats`);
      seen.add(size);
    }
    const labels =
      r.sizeSystem !== undefined && r.labels !== undefined
        ? r.labels.map((l) => parseSize(l, r.sizeSystem!))
        : undefined;
    // the profile conversion a fallback would use, made here so that a missing one fails every time
    const profile =
      r.profileSize !== undefined && labels !== undefined && labels.length > 0 ? convertProfile(r, options) : undefined;
    return { labels, profile };
  });
  const blocked = requests.map((r): NoAdviceReason | undefined => {
    const cs = h.hasCustomer(r.customer);
    if (r.sizes.length === 0) return 'no-sizes';
    if (!cs && !h.hasArticle(r.item)) return 'unknown-customer-and-article';
    if (!cs && !hasBodyValue(r.body)) return 'unknown-customer';
    return undefined;
  });
  const asked = requests.filter((_, i) => blocked[i] === undefined);
  const rows = buildCandidateRows(h, asked, options);
  const P = asked.length > 0 && rows.dataset.length > 0 ? model.predictProba(rows.dataset) : new Float64Array(0);

  let a = 0;
  return requests.map((r, i) => {
    const base = {
      customer: r.customer,
      item: r.item,
      sizes: r.sizes,
      ...(r.labels !== undefined ? { labels: r.labels } : {}),
      customerSeen: h.hasCustomer(r.customer),
      articleSeen: h.hasArticle(r.item),
    };
    let reason: NoAdviceReason | undefined = blocked[i];
    let proba = new Float64Array(3 * r.sizes.length).fill(NaN);
    let advice: SizeAdvice | undefined;
    let lowConfidence = '';
    let spread = NaN;
    if (reason === undefined) {
      const from = 3 * rows.start[a++];
      proba = P.slice(from, from + 3 * r.sizes.length);
      const usual = rule === 'usual-shift' ? h.customerUsualSize(r.customer) : NaN;
      const off = Number.isNaN(usual) ? '' : usualOffSizes(r.sizes, usual);
      const { choice, why } = Number.isNaN(usual)
        ? { choice: chooseSize(r.sizes, proba, options), why: undefined }
        : usualShift(r.sizes, proba, usual, shiftMargin, r.labels, options);
      const confidence = proba[3 * choice.index + 1];
      const labelOf = r.labels?.[choice.index];
      const name = String(labelOf ?? r.sizes[choice.index]);
      const equalCosts = (options.costSmall ?? 1) === (options.costLarge ?? 1);
      spread = fitSpreadOf(proba, r.sizes.length);
      const flat =
        spread < FLAT_FIT_SPREAD
          ? `; P(fit) barely changes with the size (${confidence.toFixed(2)} here, a spread of ${spread.toFixed(2)} ` +
            `over the ${r.sizes.length} sizes), so the choice says little`
          : '';
      advice = {
        ...base,
        proba,
        source: 'model',
        index: choice.index,
        size: r.sizes[choice.index],
        ...(labelOf !== undefined ? { label: labelOf } : {}),
        confidence,
        ...(choice.between !== undefined ? { between: choice.between } : {}),
        fitSpread: spread,
        reason:
          off +
          (choice.between?.reason ??
            why ??
            (equalCosts
              ? `highest P(fit) ${confidence.toFixed(2)} at ${name}`
              : `lowest expected misfit cost ${choice.expectedCost[choice.index].toFixed(2)} at ${name} (P(fit) ${confidence.toFixed(2)})`)) +
          flat,
      };
      if (confidence < minFit) {
        reason = 'low-confidence';
        lowConfidence = lowConfidenceReason(r, proba, choice.index, minFit, why !== undefined, equalCosts);
      }
    }
    if (reason === undefined) return advice!;
    const fromProfile = profileAdvice(r, parsed[i].labels, parsed[i].profile);
    const best = advice?.confidence ?? NaN;
    const said = reason === 'low-confidence' ? lowConfidence : REASONS[reason];
    if (fromProfile !== undefined) {
      const k = fromProfile.index;
      return {
        ...base,
        proba,
        source: 'profile',
        index: k,
        size: r.sizes[k],
        label: r.labels![k],
        confidence: proba[3 * k + 1],
        fitSpread: spread,
        reason: `${said}; ${fromProfile.reason}`,
      };
    }
    return {
      ...base,
      proba,
      source: 'none',
      index: -1,
      size: NaN,
      confidence: best,
      fitSpread: spread,
      noAdvice: reason,
      reason: said,
    };
  });
}

/**
 * Size advice for one request: {@link adviseSizes} with a single request.
 * @throws as {@link adviseSizes}.
 */
export function adviseSize(
  model: FitModel,
  history: AdviceHistory | ColumnarDataset,
  request: SizeAdviceRequest,
  options: SizeAdviceOptions = {},
): SizeAdvice {
  return adviseSizes(model, history, [request], options)[0];
}

/**
 * Under `usual-shift`, a warning that the customer's usual size lies more than one step (the smallest gap between the
 * article's sizes) below the smallest or above the largest of them (a usual size 8 against sizes 20-24): the nearest
 * size stands in for it, and the reason says so. Falling back to `max-fit` there instead was measured worse on
 * RentTheRunway (notebook 04, gbdt-relative: exact 0.502 vs 0.504 of `fit` rows, right direction 0.234 / 0.294 vs
 * 0.235 / 0.296), so the choice is kept.
 * @returns the prefix of the reason, or '' when the usual size is within reach (or the article has fewer than two
 *   sizes).
 */
function usualOffSizes(sizes: readonly number[], usual: number): string {
  const s = [...sizes].sort((a, b) => a - b);
  let step = Infinity;
  for (let k = 1; k < s.length; k++) if (s[k] > s[k - 1]) step = Math.min(step, s[k] - s[k - 1]);
  if (step === Infinity || (usual >= s[0] - step && usual <= s[s.length - 1] + step)) return '';
  return (
    `the usual size ${usual} is more than a step (${step}) off this article's sizes ` +
    `${s[0]}-${s[s.length - 1]}, so the nearest stands in for it; `
  );
}

/**
 * The `usual-shift` rule: start at the available size nearest the customer's usual size (the larger on a tie); when
 * the model leans small there (costSmall·P(small) - costLarge·P(large) > margin) take the next larger size, when it leans large the next
 * smaller one. Reported as between sizes when it moves.
 */
function usualShift(
  sizes: readonly number[],
  proba: ArrayLike<number>,
  usual: number,
  margin: number,
  labels: readonly string[] | undefined,
  costs: ChooseSizeOptions,
): { choice: SizeChoice; why: string } {
  const choice = chooseSize(sizes, proba, costs);
  const cs = costs.costSmall ?? 1;
  const cl = costs.costLarge ?? 1;
  const order = Array.from(sizes.keys()).sort((a, b) => sizes[a] - sizes[b]);
  let rank = 0;
  for (let k = 1; k < order.length; k++) {
    if (Math.abs(sizes[order[k]] - usual) <= Math.abs(sizes[order[rank]] - usual)) rank = k;
  }
  const u = order[rank];
  const lean = cs * proba[3 * u] - cl * proba[3 * u + 2];
  const next = lean > margin ? rank + 1 : lean < -margin ? rank - 1 : rank;
  const name = (k: number): string => labels?.[k] ?? String(sizes[k]);
  const f = (x: number): string => x.toFixed(2);
  if (next === rank || next < 0 || next >= order.length) {
    return {
      choice: { index: u, expectedCost: choice.expectedCost },
      why:
        `the usual size ${usual} (as ${name(u)}): P(small) ${f(proba[3 * u])} and P(large) ` +
        `${f(proba[3 * u + 2])} there${next === rank ? ` differ by at most ${margin}${cs === cl ? '' : ' (weighted by the costs)'}` : ''}`,
    };
  }
  const k = order[next];
  const [lo, hi] = sizes[k] < sizes[u] ? [k, u] : [u, k];
  const reason =
    `between sizes ${name(lo)} and ${name(hi)}: at the usual size ${name(u)} P(small) ${f(proba[3 * u])} vs ` +
    `P(large) ${f(proba[3 * u + 2])} (margin ${margin}): chose ${name(k)}`;
  return {
    choice: { index: k, expectedCost: choice.expectedCost, between: { lower: lo, upper: hi, chosen: k, reason } },
    why: reason,
  };
}

/**
 * Why a model choice is too uncertain to advise: its P(fit) against `minFit`; under `usual-shift`, also the size of
 * highest P(fit) when that one would pass, since it lies off the customer's usual size.
 */
function lowConfidenceReason(
  r: SizeAdviceRequest,
  proba: ArrayLike<number>,
  chosen: number,
  minFit: number,
  usualShiftRule: boolean,
  equalCosts: boolean,
): string {
  const name = (k: number): string => String(r.labels?.[k] ?? r.sizes[k]);
  const p = (k: number): string => proba[3 * k + 1].toFixed(2);
  if (!usualShiftRule) return `${REASONS['low-confidence']} (P(fit) ${p(chosen)} < ${minFit})`;
  let top = chosen;
  for (let k = 0; k < r.sizes.length; k++) if (proba[3 * k + 1] > proba[3 * top + 1]) top = k;
  const other =
    top !== chosen && proba[3 * top + 1] >= minFit
      ? `; ${name(top)} has P(fit) ${p(top)}, but off the customer's usual size the model's P(fit) is less reliable` +
        // with unequal costs max-fit takes the lowest expected cost, not necessarily this size
        (equalCosts ? ' (rule max-fit would advise it)' : '')
      : '';
  return `the usual-shift choice ${name(chosen)} is not likely enough to fit (P(fit) ${p(chosen)} < ${minFit})${other}`;
}

/** Whether a request's body gives at least one value (an empty body, or one of nulls and blanks, gives nothing). */
function hasBodyValue(body: SizeAdviceRequest['body']): boolean {
  if (body === undefined) return false;
  return Object.values(body).some((v) => v !== null && v !== undefined && !Number.isNaN(v) && String(v).trim() !== '');
}

const REASONS: Record<NoAdviceReason, string> = {
  'no-sizes': 'the article has no available size',
  'unknown-customer': 'the customer has no purchase history and no body fields were given',
  'unknown-customer-and-article': 'neither the customer nor the article has any purchase history',
  'low-confidence': 'no size is likely enough to fit',
};

/**
 * The request's profile size in its `sizeSystem`. `options.gender` when given; else the gender a system fixes (men's
 * EU 48 converts as men's), and `women` only when neither does.
 */
function convertProfile(r: SizeAdviceRequest, options: SizeAdviceOptions): SizeConversion {
  const fixed = [getSizeSystem(r.profileSize!.system), getSizeSystem(r.sizeSystem!)].some(
    (sys) => sys.gender !== 'unisex',
  );
  const gender = options.gender ?? (fixed ? undefined : 'women');
  return convertSize(r.profileSize!, r.sizeSystem!, gender !== undefined ? { gender } : {});
}

function profileAdvice(
  r: SizeAdviceRequest,
  labels: Size[] | undefined,
  conv: SizeConversion | undefined,
): { index: number; reason: string } | undefined {
  if (conv === undefined || labels === undefined) return undefined;
  const target = conv.size.ordinal;
  let best = 0;
  for (let k = 1; k < labels.length; k++) {
    const d = Math.abs(labels[k].ordinal - target);
    const db = Math.abs(labels[best].ordinal - target);
    if (d < db || (d === db && labels[k].ordinal > labels[best].ordinal)) best = k;
  }
  return {
    index: best,
    reason: `profile size ${r.profileSize!.label} (${r.profileSize!.system}) is ${conv.size.label} in ${r.sizeSystem}; advised ${labels[best].label}`,
  };
}
