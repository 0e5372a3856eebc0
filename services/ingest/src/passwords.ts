/**
 * Password hashing for people signing into the console: argon2id (memory-hard), with the OWASP
 * minimum parameters (19 MiB, 2 passes). The hash string carries its parameters, so raising them
 * later still verifies old hashes.
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashed only when it is long enough to be worth it; short passwords are refused by the caller. */
export const MIN_PASSWORD_LENGTH = 12;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the name is unknown, so timing does not tell names apart. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy-password-never-matches');
  return decoy;
}
