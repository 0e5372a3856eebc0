/**
 * Our checks on ENS messages that HMRC does not make. They are warnings with our own codes and no
 * `externalCode`, so HMRC's verdict on a message is reproduced exactly while the risk officer still
 * sees the doubtful identifiers.
 */
import type { ValidationIssue } from '@safe-screen/domain';
import { isValidContainerNumber, isValidImoNumber, isValidMrn } from '@safe-screen/domain';
import { ownWarning } from './ens-issue.js';
import { modeIs } from './ens-message.js';
import type { EnsMessage } from './ens-message.js';
import { childNode, childNodes, fieldPath, valueOf } from './ens-node.js';

const CONTAINER_SHAPE = /^[A-Z]{3}[UJZ]\d{7}$/;

export function checkOwnRules(message: EnsMessage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const item of message.goods) {
    for (const container of childNodes(item, 'CONNR2')) {
      const number = valueOf(container, 'ConNumNR21');
      if (number === undefined) continue;
      const location = fieldPath(container, 'ConNumNR21');
      if (!CONTAINER_SHAPE.test(number)) {
        issues.push(ownWarning('CONTAINER_NUMBER_FORMAT', location, 'The container number is not in ISO 6346 form (owner code, category U/J/Z, six digits, check digit)', number));
      } else if (!isValidContainerNumber(number)) {
        issues.push(ownWarning('CONTAINER_CHECK_DIGIT', location, 'The ISO 6346 check digit of the container number is wrong', number));
      }
    }
    const commodity = valueOf(childNode(item, 'COMCODGODITM'), 'ComNomCMD1');
    if (commodity !== undefined && commodity.length < 6) {
      issues.push(ownWarning('COMMODITY_CODE_TOO_SHORT', `${item.path}/COMCODGODITM[1]/ComNomCMD1[1]`, 'The commodity code has fewer than 6 digits, too coarse to target (ICS2 R3019 asks for 6 to 8)', commodity));
    }
  }
  const identity = valueOf(message.header, 'IdeOfMeaOfTraCroHEA85');
  if (message.header !== undefined && modeIs(message, 1) && identity !== undefined && /^\d{7}$/.test(identity) && !isValidImoNumber(identity)) {
    issues.push(ownWarning('IMO_CHECK_DIGIT', fieldPath(message.header, 'IdeOfMeaOfTraCroHEA85'), 'The IMO ship number check digit is wrong', identity));
  }
  const mrn = valueOf(message.header, 'DocNumHEA5');
  if (message.header !== undefined && mrn !== undefined && !isValidMrn(mrn)) {
    issues.push(ownWarning('MRN_CHECK_CHARACTER', fieldPath(message.header, 'DocNumHEA5'), 'The MRN of the amended declaration has a wrong check character', mrn));
  }
  return issues;
}
