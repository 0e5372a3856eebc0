/**
 * The data-quality gate: pure checks over any Filing, all findings at once. Errors block registration;
 * warnings travel with the filing into risk assessment.
 *
 * For ICS1 ENS messages (CC315A/CC313A) every finding is downgraded to a warning: HMRC's accept/reject
 * verdict is reproduced by the ENS module alone, and a stricter gate would reject messages HMRC accepts.
 */
import type { Filing, ValidationIssue } from '@safe-screen/domain';
import { checkCodeLists } from './check-code-lists.js';
import { checkCrossFields } from './check-cross-fields.js';
import { checkDescriptions } from './check-descriptions.js';
import { checkIdentifiers } from './check-identifiers.js';
import { checkRequiredElements } from './check-required-elements.js';
import { createGateContext } from './gate-context.js';

const ADVISORY_ONLY_FORMATS = new Set<Filing['format']>(['ens-cc315a', 'ens-cc313a']);

export function runGate(filing: Filing): ValidationIssue[] {
  const ctx = createGateContext(filing);
  checkIdentifiers(ctx);
  checkCodeLists(ctx);
  checkDescriptions(ctx);
  checkCrossFields(ctx);
  checkRequiredElements(ctx);
  if (!ADVISORY_ONLY_FORMATS.has(filing.format)) return ctx.issues;
  return ctx.issues.map((issue) => (issue.severity === 'warning' ? issue : { ...issue, severity: 'warning' }));
}
