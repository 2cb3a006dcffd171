import { InvalidArgumentError } from '../core/errors.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { FitModel } from '../models/fit-model.js';
import { convertSize } from '../sizes/convert-size.js';
import { parseSize } from '../sizes/size-registry.js';
import type { Size } from '../sizes/size.js';
import { AdviceHistory } from './advice-history.js';
import { buildCandidateRows, type CandidateRequest, type CandidateRowOptions } from './candidate-rows.js';
import { chooseSize, type BetweenSizes, type ChooseSizeOptions } from './choose-size.js';

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

/** Options of {@link adviseSizes}. */
export interface SizeAdviceOptions extends ChooseSizeOptions, CandidateRowOptions {
  /** No advice when P(fit) at the chosen size is below this (default 0.5). */
  minFitProbability?: number;
  /** Gender for size conversions where neither system fixes it (`letter`); default `women`. */
  gender?: 'women' | 'men';
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
  /** P(fit) at the advised size (model source), else at the best size; NaN when the model was not asked. */
  confidence: number;
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
 * built by {@link buildCandidateRows}), chooses one with {@link chooseSize} and gives a confidence (P(fit) there).
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
  const parsed = requests.map((r, i) => {
    if (r.labels !== undefined && r.labels.length !== r.sizes.length) {
      throw new InvalidArgumentError(`request ${i}: ${r.labels.length} labels for ${r.sizes.length} sizes`);
    }
    return r.sizeSystem !== undefined && r.labels !== undefined
      ? r.labels.map((l) => parseSize(l, r.sizeSystem!))
      : undefined;
  });
  const blocked = requests.map((r): NoAdviceReason | undefined => {
    const cs = h.hasCustomer(r.customer);
    if (r.sizes.length === 0) return 'no-sizes';
    if (!cs && !h.hasArticle(r.item)) return 'unknown-customer-and-article';
    if (!cs && r.body === undefined) return 'unknown-customer';
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
    if (reason === undefined) {
      const from = 3 * rows.start[a++];
      proba = P.slice(from, from + 3 * r.sizes.length);
      const choice = chooseSize(r.sizes, proba, options);
      const confidence = proba[3 * choice.index + 1];
      const labelOf = r.labels?.[choice.index];
      advice = {
        ...base,
        proba,
        source: 'model',
        index: choice.index,
        size: r.sizes[choice.index],
        ...(labelOf !== undefined ? { label: labelOf } : {}),
        confidence,
        ...(choice.between !== undefined ? { between: choice.between } : {}),
        reason:
          choice.between?.reason ?? `highest P(fit) ${confidence.toFixed(2)} at ${labelOf ?? r.sizes[choice.index]}`,
      };
      if (confidence < minFit) reason = 'low-confidence';
    }
    if (reason === undefined) return advice!;
    const fromProfile = profileAdvice(r, parsed[i], options);
    const best = advice?.confidence ?? NaN;
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
        reason: `${REASONS[reason]}; ${fromProfile.reason}`,
      };
    }
    return {
      ...base,
      proba,
      source: 'none',
      index: -1,
      size: NaN,
      confidence: best,
      noAdvice: reason,
      reason:
        reason === 'low-confidence' ? `${REASONS[reason]} (P(fit) ${best.toFixed(2)} < ${minFit})` : REASONS[reason],
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

const REASONS: Record<NoAdviceReason, string> = {
  'no-sizes': 'the article has no available size',
  'unknown-customer': 'the customer has no purchase history and no body fields were given',
  'unknown-customer-and-article': 'neither the customer nor the article has any purchase history',
  'low-confidence': 'no size is likely enough to fit',
};

function profileAdvice(
  r: SizeAdviceRequest,
  labels: Size[] | undefined,
  options: SizeAdviceOptions,
): { index: number; reason: string } | undefined {
  if (r.profileSize === undefined || labels === undefined || labels.length === 0) return undefined;
  const conv = convertSize(r.profileSize, r.sizeSystem!, { gender: options.gender ?? 'women' });
  const target = conv.size.ordinal;
  let best = 0;
  for (let k = 1; k < labels.length; k++) {
    const d = Math.abs(labels[k].ordinal - target);
    const db = Math.abs(labels[best].ordinal - target);
    if (d < db || (d === db && labels[k].ordinal > labels[best].ordinal)) best = k;
  }
  return {
    index: best,
    reason: `profile size ${r.profileSize.label} (${r.profileSize.system}) is ${conv.size.label} in ${r.sizeSystem}; advised ${labels[best].label}`,
  };
}
