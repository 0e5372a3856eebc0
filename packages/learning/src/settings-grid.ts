import type { SettingsCandidate } from './evaluate-targeting.js';
import type { Target } from './labelled-example.js';

/**
 * Candidates tried on the choosing split (fit 2020-01..09, score 2020-10..12); the first of each
 * list is the shipped default, and on a tie the earlier candidate stays. A short list, because each
 * boosted fit costs seconds; the README lists what else was tried and how it scored.
 */
export const SETTINGS_GRID: Record<Target, SettingsCandidate[]> = {
  fraud: [{}, { encoding: 'k_fold', folds: 10 }, { boosting: { depth: 3 } }, { smoothing: 0.3 }, { combiner: 'logistic', encoding: 'k_fold' }],
  critical: [{}, { smoothing: 0.3 }, { families: ['declaration', 'importer_commodity_origin'] }, { combiner: 'boosted', families: ['declaration', 'importer_commodity_origin', 'declarant_office_chain'], smoothing: 1, encoding: 'time_ordered' }],
};
