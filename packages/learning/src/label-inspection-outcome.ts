/**
 * An examination result as labelled examples, the one way every recording path (an officer's
 * result at arrival, a documentary check, an X-ray, export customs' result) turns a result into
 * training rows: one row per goods line whose features are exactly what `featuresFromConsignment`
 * gives at scoring time, so the model learns from the same features it is later asked about.
 *
 * A consignment drawn for the random control group is labelled `random_control` whoever examined
 * it: its selection was by lot, which is what makes it the unbiased yardstick training keeps apart.
 */
import type { Consignment, Filing } from '@safe-screen/domain';
import { featuresFromConsignment } from './features-from-consignment.js';
import type { ExaminationKind, ExampleFeatures, ExampleSource, InspectionFinding, SelectionReason } from './labelled-example.js';

export interface InspectionLabel {
  source: ExampleSource;
  outcome: InspectionFinding;
  features: ExampleFeatures;
  examination?: ExaminationKind;
  selectionReason?: SelectionReason;
}

export function labelInspectionOutcome(input: {
  filing: Pick<Filing, 'parties' | 'conveyance'>;
  consignment: Consignment;
  finding: InspectionFinding;
  /** Who examined: the officer's own service or export customs. */
  inspectedBy: Extract<ExampleSource, 'officer' | 'export_customs'>;
  controlGroup: boolean;
  /** Kind of examination, when the recording path knows it. */
  examination?: ExaminationKind;
  /** Why it was examined; a control-group draw is always `random_control`. */
  selectionReason?: SelectionReason;
}): InspectionLabel[] {
  const source: ExampleSource = input.controlGroup ? 'random_control' : input.inspectedBy;
  const examination = input.examination;
  const selectionReason: SelectionReason | undefined = input.controlGroup ? 'random_control' : input.selectionReason;
  return featuresFromConsignment(input.filing, input.consignment).map((features) => ({
    source,
    outcome: input.finding,
    features,
    ...(examination === undefined ? {} : { examination }),
    ...(selectionReason === undefined ? {} : { selectionReason }),
  }));
}
