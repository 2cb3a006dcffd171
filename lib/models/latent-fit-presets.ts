import { InvalidArgumentError } from '../core/errors.js';
import { LatentFitModel } from './latent-fit-model.js';
import type { LatentFitOptions } from './latent-fit-options.js';

/** Names of the published latent fit models (Misra, Wan & McAuley, RecSys 2018, Table 3). */
export type LatentFitPresetName = '1-LV-LR' | 'K-LV-LR' | 'K-LF-LR' | 'K-LV-ML' | 'K-LF-ML';

/**
 * The options of each published variant: 1-LV is Sembium et al.'s one-dimensional true size model
 * (no biases, K = 1); K-LV and K-LF use K = 10 with biases; "-LR" / "-ML" choose the head.
 * 1-LV-LR fits its head on the latent model's own rows (`headHoldout: 0`): with a single latent
 * dimension there is little to overfit, and holding rows out only loses customers (RentTheRunway dev,
 * seed 0: avg AUC 0.590 with the default 0.2 hold-out, 0.61 without, as published).
 */
export const LATENT_FIT_PRESETS: Readonly<Record<LatentFitPresetName, Readonly<LatentFitOptions>>> = {
  '1-LV-LR': { variant: 'lv', K: 1, biases: false, head: 'lr', headHoldout: 0 },
  'K-LV-LR': { variant: 'lv', K: 10, biases: true, head: 'lr' },
  'K-LF-LR': { variant: 'lf', K: 10, biases: true, head: 'lr' },
  'K-LV-ML': { variant: 'lv', K: 10, biases: true, head: 'ml' },
  'K-LF-ML': { variant: 'lf', K: 10, biases: true, head: 'ml' },
};

/**
 * A new, unfitted {@link LatentFitModel} of a published variant.
 * @param name - one of {@link LATENT_FIT_PRESETS}. @param overrides - options that replace the preset's.
 * @throws InvalidArgumentError for an unknown name.
 */
export function latentFitPreset(name: LatentFitPresetName, overrides: LatentFitOptions = {}): LatentFitModel {
  const preset = LATENT_FIT_PRESETS[name];
  if (preset === undefined) {
    throw new InvalidArgumentError(
      `unknown latent fit preset '${name}' (known: ${Object.keys(LATENT_FIT_PRESETS).join(', ')})`,
    );
  }
  return new LatentFitModel({ ...preset, ...overrides });
}
