import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Seals small payloads into URL-safe tokens that the holder can neither read
 * nor alter: AES-256-GCM under a key derived from a server secret. Each token
 * is bound to a context string (authenticated, not stored), so a token sealed
 * for one context does not open in another.
 */
export interface Sealer {
  seal(payload: Buffer, boundTo: string): string;
  /** The payload, or undefined for anything this sealer did not seal for `boundTo`. */
  open(token: string, boundTo: string): Buffer | undefined;
}

const version = 1;
const ivBytes = 12;
const tagBytes = 16;
/** Tokens longer than this are refused before any decoding: they were not made here. */
const maxTokenLength = 256;

export function createSealer(secret: string, purpose: string): Sealer {
  // HKDF gives each purpose its own key, so one secret can serve several kinds of token.
  const key = Buffer.from(hkdfSync("sha256", secret, "ory-graphql-api", purpose, 32));
  const additionalData = (boundTo: string) => Buffer.from(`${purpose}\0${boundTo}`, "utf8");

  return {
    seal(payload, boundTo) {
      // A fresh random IV per token: GCM must never reuse one under the same key.
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: tagBytes });
      cipher.setAAD(additionalData(boundTo));
      const sealed = Buffer.concat([cipher.update(payload), cipher.final()]);
      return Buffer.concat([Buffer.of(version), iv, sealed, cipher.getAuthTag()]).toString(
        "base64url",
      );
    },
    open(token, boundTo) {
      if (token.length > maxTokenLength || !/^[\w-]+$/.test(token)) return undefined;
      const bytes = Buffer.from(token, "base64url");
      if (bytes.length < 1 + ivBytes + tagBytes || bytes[0] !== version) return undefined;
      const iv = bytes.subarray(1, 1 + ivBytes);
      const sealed = bytes.subarray(1 + ivBytes, bytes.length - tagBytes);
      const tag = bytes.subarray(bytes.length - tagBytes);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: tagBytes });
        decipher.setAAD(additionalData(boundTo));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(sealed), decipher.final()]);
      } catch {
        // Wrong key, wrong binding, or altered bytes: the tag does not verify.
        return undefined;
      }
    },
  };
}
