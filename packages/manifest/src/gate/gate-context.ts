import type { Filing, IssueSeverity, ValidationIssue } from '@safe-screen/domain';
import { createFieldLocator } from './field-locations.js';
import type { FieldLocator } from './field-locations.js';
import type { GateIssueCode } from './gate-issue-codes.js';

/** What every gate check receives: the filing, a locator for its format, and a sink for findings. */
export interface GateContext {
  filing: Filing;
  locate: FieldLocator;
  report(severity: IssueSeverity, code: GateIssueCode, message: string, location: string, value?: string): void;
  issues: ValidationIssue[];
}

export function createGateContext(filing: Filing): GateContext {
  const issues: ValidationIssue[] = [];
  // Houses share inherited master equipment and places: the same finding at the same element is one issue.
  const seen = new Set<string>();
  return {
    filing,
    locate: createFieldLocator(filing.format),
    issues,
    report(severity, code, message, location, value) {
      const key = `${code}\u0000${location}\u0000${value ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      issues.push({ severity, code, message, location, ...(value === undefined ? {} : { value }) });
    },
  };
}

/** House-level data must be precise (ICS2 rejects it); on a master filing the same finding only informs risk. */
export function houseLevelSeverity(filing: Filing): IssueSeverity {
  return filing.level === 'master' ? 'warning' : 'error';
}
