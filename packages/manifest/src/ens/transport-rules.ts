/**
 * HMRC's rules on the active means of transport crossing the border: the mode code itself, which
 * identity it needs at header or goods-item level (C017, C019, C020, C024, C514), how the specific
 * circumstance indicator restricts the mode (C529) and the format of flight and transfer conveyance
 * references (TR0518, TR0519).
 */
import type { ValidationIssue } from '@safe-screen/domain';
import {
  AIR_MODE,
  ENS_SPECIFIC_CIRCUMSTANCES,
  ENS_TRANSPORT_MODES,
  HEADER_NATIONALITY_MODES,
  MODES_EXCLUDED_BY_CIRCUMSTANCE,
  RAIL_MODE,
  VESSEL_MODES,
} from './ens-code-lists.js';
import { hmrcError } from './ens-issue.js';
import { modeIs } from './ens-message.js';
import type { EnsMessage } from './ens-message.js';
import { childNodes, has, valueOf } from './ens-node.js';

const VESSEL_NUMBER = /^(\d{7}|\d{8})$/;
/** IATA flight number: airline designator an..3, flight number n..4, optional suffix a1; an..8 overall. */
const FLIGHT_NUMBER = /^(?=.{1,8}$)[A-Za-z0-9]{1,3}\d{1,4}[A-Za-z]?$/;
const TRANSFER_REFERENCE = /^XFER[A-Za-z0-9]+([:-][A-Za-z0-9]+)?$/;

export function checkTransportMode(message: EnsMessage): ValidationIssue[] {
  const header = message.header;
  const mode = message.transportMode;
  if (header === undefined || mode === undefined) return [];
  const issues: ValidationIssue[] = [];
  if (/^0\d/.test(mode)) {
    issues.push(hmrcError('8690', 'ENS_TRANSPORT_MODE_LEADING_ZERO', header.path, 'Transport mode at border must not contain leading zeros', mode));
  }
  // Compared by value: `01` is mode 1 written with a leading zero (8690), not an unknown mode.
  if (!/^\d+$/.test(mode) || !ENS_TRANSPORT_MODES.includes(String(Number(mode)))) {
    issues.push(hmrcError('8689', 'ENS_TRANSPORT_MODE_UNKNOWN', header.path, "Transport mode at border may only take the values '1', '2', '3', '4', '8', '10' or '11'", mode));
  }
  const circumstance = message.specificCircumstance;
  if (circumstance !== undefined && !ENS_SPECIFIC_CIRCUMSTANCES.includes(circumstance)) {
    issues.push(hmrcError('8691', 'ENS_SPECIFIC_CIRCUMSTANCE_UNKNOWN', header.path, "Specific circumstance indicator may only take the values 'C', 'D' or 'E'", circumstance));
  }
  const excluded = circumstance === undefined ? undefined : MODES_EXCLUDED_BY_CIRCUMSTANCE[circumstance.charAt(0)];
  if (excluded !== undefined && modeIs(message, ...excluded.modes)) {
    issues.push(hmrcError(excluded.externalCode, 'ENS_MODE_CONFLICTS_WITH_CIRCUMSTANCE', header.path, `Specific circumstance indicator '${circumstance}' does not allow transport mode at border '${mode}' (C529)`, mode));
  }
  return issues;
}

export function checkMeansOfTransport(message: EnsMessage): ValidationIssue[] {
  const header = message.header;
  if (header === undefined) return [];
  const issues: ValidationIssue[] = [];
  const identity = valueOf(header, 'IdeOfMeaOfTraCroHEA85');
  const hasIdentity = has(header, 'IdeOfMeaOfTraCroHEA85');
  const vessel = modeIs(message, ...VESSEL_MODES);
  const air = modeIs(message, AIR_MODE);
  if (vessel && !hasIdentity) {
    issues.push(hmrcError('8107', 'ENS_TRANSPORT_IDENTITY_REQUIRED', header.path, "Identity of means of transport crossing border is required if transport mode at border is '1' or '8' (C017)"));
  }
  if (air && hasIdentity) {
    issues.push(hmrcError('8113', 'ENS_TRANSPORT_IDENTITY_NOT_ALLOWED', header.path, "Identity of means of transport crossing border must not be present if transport mode at border is '4' (C017)", identity));
  }
  if (vessel && identity !== undefined && !VESSEL_NUMBER.test(identity)) {
    issues.push(hmrcError('8114', 'ENS_VESSEL_IDENTITY_FORMAT', header.path, 'For transport modes 1 and 8 the identity crossing the border is an IMO number (n7) or ENI number (n8) (C514)', identity));
  }
  // HMRC's text joins the two conditions with "and"; its pack rejects the nationality when either
  // holds, i.e. the header nationality belongs only with a header identity on road (3, 10, 11) modes.
  if (has(header, 'NatOfMeaOfTraCroHEA87') && (!modeIs(message, ...HEADER_NATIONALITY_MODES) || !hasIdentity)) {
    issues.push(hmrcError('8115', 'ENS_TRANSPORT_NATIONALITY_NOT_ALLOWED', header.path, "Nationality of means of transport crossing border is only used with transport mode at border '3', '10' or '11' and a header identity crossing border (C024)"));
  }
  const reference = valueOf(header, 'ConRefNumHEA');
  if (air && (reference === undefined || !FLIGHT_NUMBER.test(reference))) {
    issues.push(hmrcError('8118', 'ENS_FLIGHT_NUMBER_FORMAT', header.path, 'For air transport the conveyance reference number is the IATA flight number: an..3 airline prefix, n..4 flight number, optional a1 suffix (TR0518)', reference));
  }
  if (modeIs(message, 1) && reference?.startsWith('XFER') === true && !TRANSFER_REFERENCE.test(reference)) {
    issues.push(hmrcError('8685', 'ENS_TRANSFER_REFERENCE_FORMAT', header.path, "A conveyance reference beginning 'XFER' must be 'XFER' and alphanumerics, optionally followed by ':' or '-' and alphanumerics (TR0519)", reference));
  }
  for (const item of message.goods) {
    const itemMeans = childNodes(item, 'IDEMEATRAGI970');
    if (itemMeans.length === 0 && !hasIdentity && !air) {
      issues.push(hmrcError('8199', 'ENS_ITEM_TRANSPORT_IDENTITY_REQUIRED', item.path, "Identity of means of transport at border is required on the goods item if the header identity is absent and transport mode at border is not '4'"));
    }
    for (const means of itemMeans) {
      if (hasIdentity || air) {
        issues.push(hmrcError('8198', 'ENS_ITEM_TRANSPORT_IDENTITY_NOT_ALLOWED', means.path, "Identity of means of transport at border on the goods item cannot be used if the header identity is present or transport mode at border is '4' (C019)"));
      }
      if (!has(means, 'NatIDEMEATRAGI973') && !modeIs(message, RAIL_MODE)) {
        issues.push(hmrcError('8147', 'ENS_ITEM_TRANSPORT_NATIONALITY_REQUIRED', means.path, "Nationality crossing border is required if transport mode at border is not '2' (C020)"));
      }
      const itemIdentity = valueOf(means, 'IdeMeaTraGIMEATRA971');
      if (vessel && itemIdentity !== undefined && !VESSEL_NUMBER.test(itemIdentity)) {
        issues.push(hmrcError('8114', 'ENS_VESSEL_IDENTITY_FORMAT', `${means.path}/IdeMeaTraGIMEATRA971[1]`, 'For transport modes 1 and 8 the identity crossing the border is an IMO number (n7) or ENI number (n8) (C514)', itemIdentity));
      }
    }
  }
  return issues;
}
