/**
 * Two kinds of findings on ENS messages: HMRC's own business-rule and schema errors, reproduced with
 * HMRC's error number as `externalCode` and HMRC's location form; and our additional checks, which
 * HMRC does not make and therefore only warn, so that HMRC's verdict on a message stays unchanged.
 */
import type { ValidationIssue } from '@safe-screen/domain';

export function hmrcError(externalCode: string, code: string, location: string, message: string, value?: string): ValidationIssue {
  return { severity: 'error', code, message, location, externalCode, ...(value === undefined ? {} : { value }) };
}

export function ownWarning(code: string, location: string, message: string, value?: string): ValidationIssue {
  return { severity: 'warning', code, message, location, ...(value === undefined ? {} : { value }) };
}
