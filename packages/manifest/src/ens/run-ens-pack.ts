/**
 * Runs HMRC's ENS test pack (a folder of NAME.xml + NAME.ctl pairs) through our gate and compares the
 * errors with HMRC's, case by case. Used by the pack test and handy from a shell while working on
 * rules. A case matches exactly when the multiset of (error number, location) pairs is equal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidationIssue } from '@safe-screen/domain';

export interface ExpectedError {
  code: string;
  location: string;
}

export interface PackCaseResult {
  name: string;
  expected: ExpectedError[];
  actual: ExpectedError[];
  /** `.ctl` holds a text-only error: the message is schema-invalid, HMRC expects no business errors. */
  schemaInvalid: boolean;
  exact: boolean;
}

/** Reads the expected errors of a GovTalk error response (`.ctl`). */
export function readExpectedErrors(ctl: string): { errors: ExpectedError[]; textOnly: boolean } {
  const errors: ExpectedError[] = [];
  let textOnly = false;
  for (const m of ctl.matchAll(/<err:Error>([\s\S]*?)<\/err:Error>/g)) {
    const body = m[1] ?? '';
    const code = /<err:Number>\s*([^<]*?)\s*<\/err:Number>/.exec(body)?.[1];
    const location = /<err:Location>\s*([^<]*?)\s*<\/err:Location>/.exec(body)?.[1];
    if (code === undefined || location === undefined) textOnly = true;
    else errors.push({ code, location });
  }
  return { errors, textOnly };
}

const key = (e: ExpectedError): string => `${e.code} ${e.location}`;

export function sameErrors(a: ExpectedError[], b: ExpectedError[]): boolean {
  if (a.length !== b.length) return false;
  const x = a.map(key).sort();
  const y = b.map(key).sort();
  return x.every((v, i) => v === y[i]);
}

export function hmrcErrorsOf(issues: ValidationIssue[]): ExpectedError[] {
  return issues.flatMap((i) => (i.severity === 'error' && i.externalCode !== undefined ? [{ code: i.externalCode, location: i.location }] : []));
}

export function listPackCases(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => f.slice(0, -4))
    .sort();
}

export function runPackCase(folder: string, name: string, check: (raw: string) => ValidationIssue[]): PackCaseResult {
  const raw = readFileSync(join(folder, `${name}.xml`), 'utf8');
  const { errors: expected, textOnly } = readExpectedErrors(readFileSync(join(folder, `${name}.ctl`), 'utf8'));
  const actual = hmrcErrorsOf(check(raw));
  return { name, expected, actual, schemaInvalid: textOnly, exact: sameErrors(expected, actual) };
}
