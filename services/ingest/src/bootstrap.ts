/**
 * The embedded default's first start: a local administrator, a demo filer, a risk officer and an
 * export-customs partner, each with an API key. Keys are printed and kept in DATA_DIR/demo-keys.json
 * (readable by the owner only) so a restart can show them again. Never in production configuration.
 * The officer and the supervisor also get a console password (random, printed once on first start,
 * kept in the same file) so the four-eyes workflow can be tried with two people at once.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { countPrincipals, createPrincipal, issueApiKey, type Database, type PrincipalRole } from '@safe-screen/db';
import { hashPassword } from './passwords.js';

export interface DemoKeys {
  admin: string;
  filer: string;
  officer: string;
  supervisor: string;
  partner: string;
  partnerCountry: string;
  /** Console passwords of the demo officer and supervisor (names demo-officer, demo-supervisor). */
  passwords?: { officer: string; supervisor: string };
}

const DEMO: { key: keyof Omit<DemoKeys, 'partnerCountry' | 'passwords'>; role: PrincipalRole; name: string; partnerCountry?: string }[] = [
  { key: 'admin', role: 'admin', name: 'local-admin' },
  { key: 'filer', role: 'filer', name: 'demo-filer' },
  { key: 'officer', role: 'officer', name: 'demo-officer' },
  { key: 'supervisor', role: 'supervisor', name: 'demo-supervisor' },
  { key: 'partner', role: 'partner', name: 'demo-partner-cn', partnerCountry: 'CN' },
];

export async function bootstrapDemoKeys(database: Database, dataDir: string): Promise<DemoKeys | undefined> {
  const file = join(dataDir, 'demo-keys.json');
  if ((await countPrincipals(database.db)) > 0) {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoKeys) : undefined;
  }
  const passwords = { officer: randomBytes(12).toString('base64url'), supervisor: randomBytes(12).toString('base64url') };
  const keys: Partial<DemoKeys> = { partnerCountry: 'CN', passwords };
  for (const demo of DEMO) {
    const password = demo.key === 'officer' || demo.key === 'supervisor' ? passwords[demo.key] : undefined;
    const principal = await createPrincipal(database.db, {
      role: demo.role,
      name: demo.name,
      ...(demo.partnerCountry === undefined ? {} : { partnerCountry: demo.partnerCountry }),
      ...(password === undefined ? {} : { passwordHash: await hashPassword(password) }),
    });
    keys[demo.key] = await issueApiKey(database.db, principal.id);
  }
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys as DemoKeys;
}
