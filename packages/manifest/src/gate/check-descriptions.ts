/** ICS2 stop words: goods descriptions and party names that say nothing (domain.md 2.2.7). */
import type { Party } from '@safe-screen/domain';
import { houseLevelSeverity } from './gate-context.js';
import type { GateContext } from './gate-context.js';
import { isPlaceholderName, isVagueDescription } from './stop-words.js';

export function checkDescriptions(ctx: GateContext): void {
  const severity = houseLevelSeverity(ctx.filing);
  const checkParty = (party: Party): void => {
    if (party.name !== undefined && isPlaceholderName(party.name)) {
      ctx.report(severity, 'PARTY_NAME_PLACEHOLDER', `${party.role} name "${party.name}" is a placeholder, not a name`, ctx.locate.field(party.location, 'partyName'), party.name);
    }
  };
  ctx.filing.parties.forEach(checkParty);
  for (const consignment of ctx.filing.consignments) {
    consignment.parties.forEach(checkParty);
    for (const item of consignment.goods) {
      if (!isVagueDescription(item.description)) continue;
      ctx.report(
        severity,
        'GOODS_DESCRIPTION_VAGUE',
        `goods description "${item.description.slice(0, 80)}" is only general terms; describe the goods precisely (ICS2 stop words)`,
        ctx.locate.field(item.location, 'description'),
        item.description.slice(0, 200),
      );
    }
  }
}
