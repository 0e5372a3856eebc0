/** Check digits and shapes of the identifiers ingest validates (domain.md section 6). */
import { iso6346CheckDigit, isValidAirWaybill, isValidImoNumber, isValidMrn } from '@safe-screen/domain';
import type { Consignment, TransportDocument } from '@safe-screen/domain';
import type { GateContext } from './gate-context.js';
import type { ObjectField } from './field-locations.js';

const ISO6346_SHAPE = /^[A-Z]{3}[UJZ]\d{7}$/;
const ULD_SHAPE = /^[A-Z]{3}\d{4,5}[A-Z0-9]{2}$/;
const AIR_WAYBILL_TYPES = new Set(['740', '741', 'N740', 'N741']);

export function checkIdentifiers(ctx: GateContext): void {
  checkConveyance(ctx);
  const { filing } = ctx;
  if (filing.amendsMrn !== undefined && !isValidMrn(filing.amendsMrn)) {
    ctx.report('error', 'MRN_INVALID', `MRN "${filing.amendsMrn}" has a wrong structure or check character`, ctx.locate.header('amendsMrn'), filing.amendsMrn);
  }
  for (const consignment of filing.consignments) {
    checkEquipment(ctx, consignment);
    checkWaybills(ctx, consignment);
  }
}

function checkConveyance(ctx: GateContext): void {
  const { mode, identifier } = ctx.filing.conveyance;
  if (identifier === undefined) return;
  const location = ctx.locate.header('conveyanceIdentifier');
  if (mode === 'sea' && !isValidImoNumber(identifier.replace(/^IMO\s*/, 'IMO'))) {
    ctx.report('error', 'VESSEL_IMO_INVALID', `vessel identifier "${identifier}" is not an IMO number with a valid check digit`, location, identifier);
  }
  if (mode === 'inland_waterway' && !/^\d{8}$/.test(identifier)) {
    ctx.report('error', 'VESSEL_ENI_INVALID', `inland vessel identifier "${identifier}" is not an 8-digit ENI`, location, identifier);
  }
}

/**
 * Sea, rail and inland waterway equipment are ISO 6346 containers. Road equipment may be a trailer
 * identified by its plate, so only ISO 6346-looking numbers are checked there. Air equipment is ULDs.
 */
function checkEquipment(ctx: GateContext, consignment: Consignment): void {
  const { mode } = ctx.filing.conveyance;
  const declared = new Set<string>();
  for (const equipment of consignment.equipment) {
    declared.add(equipment.containerNumber);
    const location = ctx.locate.field(equipment.location, 'containerNumber');
    if (mode === 'air') {
      if (!ULD_SHAPE.test(equipment.containerNumber)) {
        ctx.report('warning', 'ULD_NUMBER_MALFORMED', `unit load device "${equipment.containerNumber}" is not type + serial + owner (e.g. AKE12345XX)`, location, equipment.containerNumber);
      }
      continue;
    }
    const looksIso = /^[A-Z]{4}\d{7}$/.test(equipment.containerNumber);
    if (mode === 'road' && !looksIso) continue;
    checkContainerNumber(ctx, equipment.containerNumber, location);
  }
  consignment.goods.forEach((item) => {
    item.containerNumbers.forEach((number, index) => {
      if (declared.has(number) || mode === 'air') return;
      checkContainerNumber(ctx, number, ctx.locate.field(item.location, 'goodsContainer', index));
    });
  });
}

function checkContainerNumber(ctx: GateContext, number: string, location: string): void {
  if (!ISO6346_SHAPE.test(number)) {
    ctx.report('error', 'CONTAINER_NUMBER_MALFORMED', `container number "${number}" is not 3-letter owner code + U/J/Z + 6 digits + check digit`, location, number);
    return;
  }
  const expected = iso6346CheckDigit(number.slice(0, 10));
  if (expected !== Number(number[10])) {
    ctx.report('error', 'CONTAINER_CHECK_DIGIT_INVALID', `container number "${number}" has check digit ${number[10]}, ISO 6346 gives ${expected}`, location, number);
  }
}

/** Air waybill check digits: master documents in air mode, and documents typed as (master) air waybills. */
function checkWaybills(ctx: GateContext, consignment: Consignment): void {
  const air = ctx.filing.conveyance.mode === 'air';
  const check = (document: TransportDocument | undefined, field: ObjectField, isMaster: boolean): void => {
    if (document === undefined) return;
    const typedAsAwb = document.type !== undefined && AIR_WAYBILL_TYPES.has(document.type);
    if (!typedAsAwb && !(air && isMaster)) return;
    if (!isValidAirWaybill(document.number)) {
      ctx.report('error', 'AWB_CHECK_DIGIT_INVALID', `air waybill "${document.number}" is not prefix + 7-digit serial + mod-7 check digit`, ctx.locate.field(consignment.location, field), document.number);
    }
  };
  check(consignment.masterTransportDocument, 'masterTransportDocument', true);
  check(consignment.transportDocument, 'transportDocument', consignment.masterTransportDocument === undefined && ctx.filing.level !== 'house');
}
