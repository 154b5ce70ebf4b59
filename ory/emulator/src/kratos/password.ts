import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import type { KratosConfig } from "./config.ts";
import { text, type UiText } from "./text.ts";

const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** One throwaway hash per cost, made on first use, never matching any password. */
const dummyHashes = new Map<number, Promise<string>>();

function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = bcrypt.hash(randomBytes(32).toString("base64"), cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}

/**
 * Checks a sign-in password. Without a hash (no such identifier, or an identity without a
 * password) it still runs one bcrypt comparison at the configured cost, so the answer takes
 * as long as a wrong password would and does not tell whether the account exists.
 */
export async function verifySignInPassword(
  password: string,
  hash: string | undefined,
  cost: number,
): Promise<boolean> {
  if (hash) return verifyPassword(password, hash);
  await verifyPassword(password, await dummyHash(cost));
  return false;
}

export function isBcryptHash(hash: string): boolean {
  return BCRYPT_HASH.test(hash);
}

function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[y.length];
}

function longestCommonSubstring(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let best = 0;
  let previous = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const current = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) {
      if (x[i - 1] === y[j - 1]) {
        current[j] = previous[j - 1] + 1;
        best = Math.max(best, current[j]);
      }
    }
    previous = current;
  }
  return best;
}

/**
 * Kratos' password policy minus the online breach check: a minimum length, and (when
 * enabled) a password must not be too close to any of the identity's identifiers.
 */
export function passwordPolicyViolation(
  config: KratosConfig,
  identifiers: string[],
  password: string,
): UiText | undefined {
  // Kratos measures bytes (Go's len), not characters.
  const length = Buffer.byteLength(password);
  if (length < config.password.minLength) {
    return text.passwordMinLength(config.password.minLength, length);
  }
  if (!config.password.identifierSimilarityCheck) return undefined;
  const candidate = password.toLowerCase();
  for (const identifier of identifiers) {
    const id = identifier.toLowerCase();
    const tooClose = levenshtein(id, candidate) < 5;
    const sharesTooMuch = longestCommonSubstring(id, candidate) / [...candidate].length > 0.5;
    if (tooClose || sharesTooMuch) return text.passwordTooSimilar();
  }
  return undefined;
}
