/**
 * An inspection result as labelled examples, the one way every recording path (an officer's result,
 * export customs' result) turns a result into training rows: one row per goods line whose features
 * are exactly what `featuresFromConsignment` gives at scoring time, so the model learns from the
 * same features it is later asked about.
 *
 * A consignment drawn for the random control group is labelled `random_control` whoever inspected
 * it: its selection was by lot, which is what makes it the unbiased yardstick training keeps apart.
 */
import type { Consignment, Filing } from '@safe-screen/domain';
import { featuresFromConsignment } from './features-from-consignment.js';
import type { ExampleFeatures, ExampleSource, InspectionFinding } from './labelled-example.js';

export interface InspectionLabel {
  source: ExampleSource;
  outcome: InspectionFinding;
  features: ExampleFeatures;
}

export function labelInspectionOutcome(input: {
  filing: Pick<Filing, 'parties' | 'conveyance'>;
  consignment: Consignment;
  finding: InspectionFinding;
  /** Who inspected: the officer's own service or export customs. */
  inspectedBy: Extract<ExampleSource, 'officer' | 'export_customs'>;
  controlGroup: boolean;
}): InspectionLabel[] {
  const source: ExampleSource = input.controlGroup ? 'random_control' : input.inspectedBy;
  return featuresFromConsignment(input.filing, input.consignment).map((features) => ({ source, outcome: input.finding, features }));
}
