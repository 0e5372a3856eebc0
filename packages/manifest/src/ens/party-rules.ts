/**
 * HMRC's party rules on ENS messages.
 *
 * C501 as HMRC applies it: a trader is identified either by a TIN or by name and address. With no TIN,
 * name, street, postcode, city and country are all required (81xx). With a GB TIN (an EORI HMRC can
 * look up) the name and address must not be sent (86xx). With a non-GB TIN HMRC cannot resolve the
 * trader, so the full name and address are required again (82xx). Each party group has its own run of
 * five error numbers in the fixed field order name, street, postcode, city, country.
 *
 * C583/C584 (special mention 10600 = goods under a "to order" bill of lading): such goods have no known
 * consignee, so the notify party replaces the consignee, at header or at goods-item level but never both.
 * C511: a header consignor stands for all goods; goods-level consignors only make sense when they differ.
 */
import type { ValidationIssue } from '@safe-screen/domain';
import { hmrcError } from './ens-issue.js';
import { isToOrderItem, modeIs } from './ens-message.js';
import type { EnsMessage } from './ens-message.js';
import { childNode, fieldPath, has, rawValueOf, valueOf } from './ens-node.js';
import type { EnsNode } from './ens-node.js';

type FiveCodes = readonly [string, string, string, string, string];

interface PartyGroup {
  element: string;
  level: 'message' | 'goods';
  label: string;
  tin: string;
  /** name, street and number, postcode, city, country — in this order. */
  fields: readonly [string, string, string, string, string];
  /** Raised when a field is missing and no TIN is given. */
  missingWithoutTin?: FiveCodes;
  /** Raised when a field is missing and a non-GB TIN is given. */
  missingWithForeignTin?: FiveCodes;
  /** Raised when a field is present although a (GB) TIN identifies the trader. */
  presentWithTin: FiveCodes;
  /** Whether `presentWithTin` applies to any TIN (representative, declarant) or only to GB TINs. */
  forbidsAddressForAnyTin: boolean;
}

const FIELD_LABELS = ['Name', 'Street and number', 'Postcode', 'City', 'Country'] as const;

const codes = (first: number): FiveCodes => [0, 1, 2, 3, 4].map((i) => String(first + i)) as unknown as FiveCodes;

export const PARTY_GROUPS: readonly PartyGroup[] = [
  { element: 'TRACONCO1', level: 'message', label: 'Consignor', tin: 'TINCO159', fields: ['NamCO17', 'StrAndNumCO122', 'PosCodCO123', 'CitCO124', 'CouCO125'], missingWithoutTin: codes(8120), missingWithForeignTin: codes(8220), presentWithTin: codes(8626), forbidsAddressForAnyTin: false },
  { element: 'TRACONCE1', level: 'message', label: 'Consignee', tin: 'TINCE159', fields: ['NamCE17', 'StrAndNumCE122', 'PosCodCE123', 'CitCE124', 'CouCE125'], missingWithoutTin: codes(8125), missingWithForeignTin: codes(8225), presentWithTin: codes(8631), forbidsAddressForAnyTin: false },
  { element: 'NOTPAR670', level: 'message', label: 'Notify party', tin: 'TINNOTPAR671', fields: ['NamNOTPAR672', 'StrNumNOTPAR673', 'PosCodNOTPAR676', 'CitNOTPAR674', 'CouCodNOTPAR675'], missingWithoutTin: codes(8130), missingWithForeignTin: codes(8230), presentWithTin: codes(8636), forbidsAddressForAnyTin: false },
  { element: 'TRACONCO2', level: 'goods', label: 'Goods item consignor', tin: 'TINCO259', fields: ['NamCO27', 'StrAndNumCO222', 'PosCodCO223', 'CitCO224', 'CouCO225'], missingWithoutTin: codes(8137), missingWithForeignTin: codes(8237), presentWithTin: codes(8641), forbidsAddressForAnyTin: false },
  { element: 'TRACONCE2', level: 'goods', label: 'Goods item consignee', tin: 'TINCE259', fields: ['NamCE27', 'StrAndNumCE222', 'PosCodCE223', 'CitCE224', 'CouCE225'], missingWithoutTin: codes(8142), missingWithForeignTin: codes(8242), presentWithTin: codes(8646), forbidsAddressForAnyTin: false },
  { element: 'PRTNOT640', level: 'goods', label: 'Goods item notify party', tin: 'TINPRTNOT641', fields: ['NamPRTNOT642', 'StrNumPRTNOT646', 'PstCodPRTNOT644', 'CtyPRTNOT643', 'CouCodGINOT647'], missingWithoutTin: codes(8154), missingWithForeignTin: codes(8254), presentWithTin: codes(8651), forbidsAddressForAnyTin: false },
  { element: 'TRACARENT601', level: 'message', label: 'Entry carrier', tin: 'TINTRACARENT602', fields: ['NamTRACARENT604', 'StrNumTRACARENT607', 'PstCodTRACARENT606', 'CtyTRACARENT603', 'CouCodTRACARENT605'], missingWithoutTin: codes(8159), missingWithForeignTin: codes(8259), presentWithTin: codes(8666), forbidsAddressForAnyTin: false },
  { element: 'TRAREP', level: 'message', label: 'Representative', tin: 'TINTRE1', fields: ['NamTRE1', 'StrAndNumTRE1', 'PosCodTRE1', 'CitTRE1', 'CouCodTRE1'], presentWithTin: codes(8656), forbidsAddressForAnyTin: true },
  { element: 'PERLODSUMDEC', level: 'message', label: 'Person lodging the declaration', tin: 'TINPLD1', fields: ['NamPLD1', 'StrAndNumPLD1', 'PosCodPLD1', 'CitPLD1', 'CouCodPLD1'], presentWithTin: codes(8661), forbidsAddressForAnyTin: true },
];

export function isGbTin(tin: string): boolean {
  return tin.startsWith('GB');
}

function checkPartyIdentity(group: PartyGroup, party: EnsNode): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const tin = valueOf(party, group.tin);
  const missingCodes = tin === undefined ? group.missingWithoutTin : isGbTin(tin) ? undefined : group.missingWithForeignTin;
  const forbidden = tin !== undefined && (group.forbidsAddressForAnyTin || isGbTin(tin));
  group.fields.forEach((field, i) => {
    const label = FIELD_LABELS[i] ?? field;
    if (missingCodes !== undefined && !has(party, field)) {
      const why = tin === undefined ? 'no TIN has been declared' : 'a non-GB TIN has been declared';
      issues.push(hmrcError(missingCodes[i] ?? '', 'ENS_PARTY_ADDRESS_REQUIRED', party.path, `${group.label}: ${label} is required if ${why} (C501)`));
    }
    if (forbidden && has(party, field)) {
      issues.push(hmrcError(group.presentWithTin[i] ?? '', 'ENS_PARTY_ADDRESS_NOT_ALLOWED', fieldPath(party, field), `${group.label}: ${label} must not be present if the TIN has been declared (C501)`, valueOf(party, field)));
    }
  });
  return issues;
}

function partiesOf(message: EnsMessage, group: PartyGroup): EnsNode[] {
  if (group.level === 'message') {
    const party = childNode(message.root, group.element);
    return party === undefined ? [] : [party];
  }
  return message.goods.flatMap((item) => {
    const party = childNode(item, group.element);
    return party === undefined ? [] : [party];
  });
}

export function checkPartyIdentities(message: EnsMessage): ValidationIssue[] {
  return PARTY_GROUPS.flatMap((group) => partiesOf(message, group).flatMap((party) => checkPartyIdentity(group, party)));
}

/** C583/C584: consignee and notify party depend on whether goods travel "to order" (special mention 10600). */
export function checkConsigneeAndNotifyParty(message: EnsMessage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const consignee = childNode(message.root, 'TRACONCE1');
  const notify = childNode(message.root, 'NOTPAR670');
  const anyToOrder = message.goods.some(isToOrderItem);
  if (consignee !== undefined && anyToOrder) {
    issues.push(hmrcError('8204', 'ENS_CONSIGNEE_NOT_ALLOWED', consignee.path, "Consignee cannot be used when a goods item carries special mention '10600' (C583)"));
  }
  if (notify !== undefined && !message.goods.every(isToOrderItem)) {
    issues.push(hmrcError('8619', 'ENS_NOTIFY_PARTY_NOT_ALLOWED', notify.path, "The header notify party can only be used when every goods item carries special mention '10600' (C583)"));
  }
  for (const item of message.goods) {
    const toOrder = isToOrderItem(item);
    const itemNotify = childNode(item, 'PRTNOT640');
    const itemConsignee = childNode(item, 'TRACONCE2');
    if (itemNotify !== undefined && !toOrder) {
      issues.push(hmrcError('8620', 'ENS_NOTIFY_PARTY_NOT_ALLOWED', itemNotify.path, "Goods item notify party can only be used when this goods item carries special mention '10600' (C584)"));
    }
    if (itemNotify !== undefined && notify !== undefined) {
      issues.push(hmrcError('8621', 'ENS_NOTIFY_PARTY_TWICE', itemNotify.path, 'Goods item notify party cannot be used when the header notify party is used (C584)'));
    }
    if (toOrder && notify === undefined && itemNotify === undefined) {
      issues.push(hmrcError('8622', 'ENS_NOTIFY_PARTY_REQUIRED', item.path, "A goods item with special mention '10600' needs a notify party (C584)"));
    }
    if (!toOrder && consignee === undefined && itemConsignee === undefined) {
      issues.push(hmrcError('8623', 'ENS_CONSIGNEE_REQUIRED', item.path, "A goods item without special mention '10600' needs a consignee (C584)"));
    }
    if (itemConsignee !== undefined && toOrder) {
      issues.push(hmrcError('8624', 'ENS_CONSIGNEE_NOT_ALLOWED', itemConsignee.path, "Goods item consignee cannot be used when this goods item carries special mention '10600' (C584)"));
    }
    if (itemConsignee !== undefined && consignee !== undefined) {
      issues.push(hmrcError('8625', 'ENS_CONSIGNEE_TWICE', itemConsignee.path, 'Goods item consignee cannot be used when the header consignee is used (C584)'));
    }
  }
  return issues;
}

/**
 * A consignor's content for the "must be different" test, compared as the schema sees it: name and
 * address are xs:token (surrounding and repeated spaces collapse), the TIN is a plain string (a
 * trailing space makes it another TIN). Every child counts, the language code included.
 */
function consignorKey(party: EnsNode): string {
  const parts: string[] = [];
  for (const name of Object.keys(party.element).filter((k) => k !== '_' && k !== '$').sort()) {
    const raw = rawValueOf(party, name) ?? '';
    parts.push(`${name}=${name.startsWith('TIN') ? raw : raw.replace(/\s+/g, ' ').trim()}`);
  }
  return parts.join('|');
}

/** C511: one consignor for all goods goes in the header; goods-level consignors must really differ. */
export function checkConsignors(message: EnsMessage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const header = childNode(message.root, 'TRACONCO1');
  const itemConsignors = message.goods.flatMap((item) => {
    const party = childNode(item, 'TRACONCO2');
    return party === undefined ? [] : [party];
  });
  if (header !== undefined && itemConsignors.length > 0) {
    for (const party of [header, ...itemConsignors]) {
      issues.push(hmrcError('8119', 'ENS_CONSIGNOR_TWICE', party.path, 'The header consignor can only be used if one consignor is declared for all goods items (C511)'));
    }
  }
  if (itemConsignors.length > 0 && new Set(itemConsignors.map(consignorKey)).size < 2) {
    issues.push(hmrcError('8193', 'ENS_CONSIGNOR_NOT_DIFFERENT', message.root.path, 'If consignors are declared at goods-item level there must be at least two and they must be different'));
  }
  return issues;
}

/** C562 (consignee TIN when SCI = E), C502 (carrier TIN by mode), R806 (carrier differs from declarant), declarant TIN must be GB. */
export function checkPartyTins(message: EnsMessage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const consignee = childNode(message.root, 'TRACONCE1');
  if (message.specificCircumstance === 'E') {
    if (consignee !== undefined && !has(consignee, 'TINCE159')) {
      issues.push(hmrcError('8105', 'ENS_CONSIGNEE_TIN_REQUIRED', consignee.path, "Consignee TIN is required if the specific circumstance indicator is 'E' (C562)"));
    }
    for (const item of message.goods) {
      const itemConsignee = childNode(item, 'TRACONCE2');
      if (itemConsignee !== undefined && !has(itemConsignee, 'TINCE259')) {
        issues.push(hmrcError('8208', 'ENS_CONSIGNEE_TIN_REQUIRED', itemConsignee.path, "Goods item consignee TIN is required if the specific circumstance indicator is 'E' (C562)"));
      }
    }
  }
  const carrier = childNode(message.root, 'TRACARENT601');
  if (carrier !== undefined && modeIs(message, 1, 4, 8, 10, 11) && !has(carrier, 'TINTRACARENT602')) {
    issues.push(hmrcError('8164', 'ENS_CARRIER_TIN_REQUIRED', carrier.path, "Carrier TIN is required if the transport mode at border is '1', '4', '8', '10' or '11' (C502)"));
  }
  const declarant = childNode(message.root, 'PERLODSUMDEC');
  const declarantTin = valueOf(declarant, 'TINPLD1');
  const carrierTin = valueOf(carrier, 'TINTRACARENT602');
  if (carrier !== undefined && carrierTin !== undefined && carrierTin === declarantTin) {
    issues.push(hmrcError('8195', 'ENS_CARRIER_IS_DECLARANT', fieldPath(carrier, 'TINTRACARENT602'), 'The carrier group must only be used if the carrier differs from the person lodging the declaration (R806)', carrierTin));
  }
  if (declarant !== undefined && declarantTin !== undefined && !isGbTin(declarantTin)) {
    issues.push(hmrcError('8692', 'ENS_DECLARANT_TIN_NOT_GB', fieldPath(declarant, 'TINPLD1'), "The TIN of the person lodging the declaration must begin with 'GB'", declarantTin));
  }
  return issues;
}
