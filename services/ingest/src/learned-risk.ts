/**
 * The learned model's part of a score, as explainable hits. The model gives, per goods item, the
 * probability of an adverse inspection finding; the riskiest item speaks for the consignment. Only
 * risk above the model's base rate adds points, up to LEARNED_MAX_POINTS, shared among the top
 * contributions in proportion to their weights, so each hit reads like "commodity 870323 from
 * origin X: 41 of 57 past inspections found irregularities" and carries its share of the score.
 */
import type { Consignment, Filing, RiskHit } from '@safe-screen/domain';
import { describeHistoryHits, featuresFromConsignment, isCurrentTargetingModel, scoreExample, scoreProbability, type ExampleFeatures, type TargetingModel } from '@safe-screen/learning';

export const LEARNED_MAX_POINTS = 40;

export function learnedRiskHits(model: TargetingModel, filing: Pick<Filing, 'parties' | 'conveyance'>, consignment: Consignment): RiskHit[] {
  // A model stored by an older release (another format) scores nothing until the next retraining,
  // rather than being read with the wrong code.
  if (!isCurrentTargetingModel(model)) return [];
  // Probability for every item, the explanation only for the riskiest one and only when it is
  // above the base rate: building explanations was most of the model's share of assessment time.
  let top: { features: ExampleFeatures; probability: number } | undefined;
  for (const features of featuresFromConsignment(filing, consignment)) {
    const probability = scoreProbability(model, features);
    if (top === undefined || probability > top.probability) top = { features, probability };
  }
  if (top === undefined || top.probability <= model.prior) return [];
  const riskiest = scoreExample(model, top.features);
  const excess = (riskiest.probability - model.prior) / (1 - model.prior);
  const points = Math.round(LEARNED_MAX_POINTS * excess * 100) / 100;
  const hits = describeHistoryHits(riskiest, { top: 3 });
  const total = hits.reduce((sum, h) => sum + h.weight, 0);
  if (total <= 0 || points <= 0) return [];
  return hits.map((h) => ({
    ...h,
    weight: Math.round((points * h.weight) / total * 100) / 100,
    evidence: [...h.evidence, { field: 'model.probability', value: riskiest!.probability.toFixed(3), note: `base rate ${model.prior.toFixed(3)}` }],
  }));
}
