// The npm registry reachable here serves turbo's Linux binaries only (@turbo/darwin-*, @turbo/windows-*
// answer 404), so `npm install` leaves them out of package-lock.json and a clean `npm ci` then refuses
// the lock ("Missing: @turbo/darwin-64 from lock file"). This records them as the optional,
// platform-restricted entries npm itself would write; on Linux npm ci skips them without fetching.
// Run after any `npm install`: node infra/fix-lock-platform-entries.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const turbo = lock.packages['node_modules/turbo'];
const platforms = { 'darwin-64': ['darwin', 'x64'], 'darwin-arm64': ['darwin', 'arm64'], 'windows-64': ['win32', 'x64'], 'windows-arm64': ['win32', 'arm64'] };
let added = 0;
for (const [name, [os, cpu]] of Object.entries(platforms)) {
  const key = `node_modules/@turbo/${name}`;
  if (lock.packages[key] !== undefined || turbo?.optionalDependencies?.[`@turbo/${name}`] === undefined) continue;
  lock.packages[key] = { version: turbo.version, cpu: [cpu], dev: true, license: 'MIT', optional: true, os: [os] };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entr${added === 1 ? 'y' : 'ies'} added`);
