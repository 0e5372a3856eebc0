/**
 * All of HMRC's ENS business rules over one message, as HMRC reports them (each issue carries the
 * HMRC error number and location). Rules assume a schema-valid message but never throw on one that
 * is not: missing elements simply make the rules that need them silent.
 */
import type { ValidationIssue } from '@safe-screen/domain';
import type { EnsMessage } from './ens-message.js';
import { checkGoodsItems, checkMessageCounts } from './goods-rules.js';
import { checkOfficeOfLodgement, checkSender } from './header-rules.js';
import { checkHeaderNumbers, checkItemNumbers } from './number-format-rules.js';
import { checkConsigneeAndNotifyParty, checkConsignors, checkPartyIdentities, checkPartyTins } from './party-rules.js';
import { checkMeansOfTransport, checkTransportMode } from './transport-rules.js';

const RULES: ReadonlyArray<(message: EnsMessage) => ValidationIssue[]> = [
  checkSender,
  checkTransportMode,
  checkMeansOfTransport,
  checkHeaderNumbers,
  checkMessageCounts,
  checkItemNumbers,
  checkGoodsItems,
  checkPartyIdentities,
  checkConsigneeAndNotifyParty,
  checkConsignors,
  checkPartyTins,
  checkOfficeOfLodgement,
];

export function checkEnsRules(message: EnsMessage): ValidationIssue[] {
  return RULES.flatMap((rule) => rule(message));
}
