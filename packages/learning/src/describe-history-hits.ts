import type { RiskCategory, RiskHit } from '@safe-screen/domain';
import type { ExampleScore } from './score-example.js';

export interface HistoryHitOptions {
  /** How many contributions become hits; the rest add to the score but not to the explanation. */
  top?: number;
  /** KCS-style labels are customs fraud, hence revenue by default. */
  category?: RiskCategory;
}

/**
 * The explanation items of a score as assessment hits: only contributions that raise the risk,
 * strongest first, so an officer reads "commodity 870323 from origin CN: 41 of 57 past
 * inspections found irregularities" beside the rule hits.
 */
export function describeHistoryHits(score: ExampleScore, options: HistoryHitOptions = {}): RiskHit[] {
  return score.contributions
    .filter((c) => c.weight > 0 && c.total > 0)
    .slice(0, options.top ?? 3)
    .map((c) => ({
      source: 'history' as const,
      ruleId: `history.${c.feature}`,
      description: c.text,
      category: options.category ?? 'revenue',
      weight: c.weight,
      evidence: [{ field: c.feature, value: c.value, note: `model ${score.modelVersion}` }],
    }));
}
