/**
 * SAFE / ICS2 required data elements per filing level and mode (domain `required-elements.ts`). A
 * missing element is an error where the format's own schema makes it mandatory; otherwise a warning
 * that travels to the assessment, where it becomes a request for information naming the element:
 * inadequate data is not low risk.
 */
import { FORMAT_MANDATORY, REQUIRED_ELEMENT_LABELS, findMissingElements } from '@safe-screen/domain';
import type { Consignment, RequiredElement } from '@safe-screen/domain';
import type { ObjectField } from './field-locations.js';
import type { GateContext } from './gate-context.js';

/** The element a filer must add, where the format has a field name for it. */
const FIELD_OF: Partial<Record<RequiredElement, ObjectField>> = {
  goodsDescription: 'description',
  commodityCode: 'commodityCode',
  grossMass: 'totalGrossMass',
  packages: 'totalPackages',
  transportDocument: 'transportDocument',
  masterTransportDocument: 'masterTransportDocument',
  placeOfLoading: 'placeOfLoading',
  placeOfUnloading: 'placeOfUnloading',
};

/** Party elements have no object yet (they are missing), so the location names the element to add. */
const PARTY_ELEMENT: Record<string, Partial<Record<'consignor' | 'consignee', string>>> = {
  canonical: { consignor: 'Consignor', consignee: 'Consignee' },
  'iata-xfwb': { consignor: 'ConsignorParty', consignee: 'ConsigneeParty' },
  'iata-xfzb': { consignor: 'ConsignorParty', consignee: 'ConsigneeParty' },
};

export function checkRequiredElements(ctx: GateContext): void {
  const { filing } = ctx;
  const mandatory = FORMAT_MANDATORY[filing.format];
  for (const consignment of filing.consignments) {
    for (const missing of findMissingElements(filing, consignment)) {
      const severity = mandatory.has(missing.element) ? 'error' : 'warning';
      const item = missing.goodsIndex === undefined ? undefined : consignment.goods[missing.goodsIndex];
      const where = item === undefined ? `consignment ${consignment.sequence}` : `goods item ${item.itemNumber} of consignment ${consignment.sequence}`;
      const consequence = severity === 'error' ? 'the format requires it' : 'without it the consignment cannot be risk-assessed and information will be requested';
      ctx.report(
        severity,
        'REQUIRED_ELEMENT_MISSING',
        `${where} lacks the ${REQUIRED_ELEMENT_LABELS[missing.element]}; ${consequence}`,
        locationOf(ctx, consignment, missing.element, item?.location),
        missing.element,
      );
    }
  }
}

function locationOf(ctx: GateContext, consignment: Consignment, element: RequiredElement, itemLocation: string | undefined): string {
  if (element === 'consignor' || element === 'consignee') {
    const child = PARTY_ELEMENT[ctx.filing.format]?.[element];
    const base = consignment.location ?? '';
    return child === undefined ? (base === '' ? '/' : base) : `${base}/${child}`;
  }
  const field = FIELD_OF[element];
  const base = itemLocation ?? consignment.location;
  return field === undefined ? (base ?? '/') : ctx.locate.field(base, field);
}
