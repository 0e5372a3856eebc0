/**
 * HMRC's rules on the message envelope fields: the sender identification, and the office of
 * lodgement, which only makes sense when it is not the office of first entry.
 */
import type { ValidationIssue } from '@safe-screen/domain';
import { hmrcError } from './ens-issue.js';
import type { EnsMessage } from './ens-message.js';
import { childNode, fieldPath, rawValueOf, valueOf } from './ens-node.js';

/**
 * Sender = an EORI-like trader id (two capital letters + up to 15 characters) and a ten-digit
 * branch/submitter number after a slash, as HMRC's pack accepts and rejects senders. A sender of
 * only two characters is left alone: the pack accepts a bare `GB`, so HMRC evidently does not apply
 * the format to it.
 */
const SENDER = /^[A-Z]{2}.{1,15}\/\d{10}$/u;

export function checkSender(message: EnsMessage): ValidationIssue[] {
  // xs:token: the schema collapses whitespace before any pattern applies, so do we.
  const sender = rawValueOf(message.root, 'MesSenMES3')?.replace(/\s+/g, ' ').trim();
  if (sender === undefined || sender.length <= 2 || SENDER.test(sender)) return [];
  return [hmrcError('4065', 'ENS_SENDER_FORMAT', fieldPath(message.root, 'MesSenMES3'), "Invalid content found at element 'MesSenMES3'", sender)];
}

export function checkOfficeOfLodgement(message: EnsMessage): ValidationIssue[] {
  const lodgement = childNode(message.root, 'CUSOFFLON');
  const office = valueOf(lodgement, 'RefNumCOL1');
  const firstEntry = valueOf(childNode(message.root, 'CUSOFFFENT730'), 'RefNumCUSOFFFENT731');
  if (lodgement === undefined || office === undefined || office !== firstEntry) return [];
  return [hmrcError('8616', 'ENS_LODGEMENT_OFFICE_IS_FIRST_ENTRY', fieldPath(lodgement, 'RefNumCOL1'), 'Office of lodgement is only valid if it does not equal the customs office of first entry', office)];
}
