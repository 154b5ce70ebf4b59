import { describe, expect, it } from "vitest";
import { createSealer } from "./seal.ts";

const secret = "a-test-secret-that-is-at-least-32-characters";
const payload = Buffer.from("twenty-four bytes here!!");

describe("sealed tokens", () => {
  it("open to what was sealed, for the same binding", () => {
    const sealer = createSealer(secret, "list cursor");
    expect(sealer.open(sealer.seal(payload, "Project/"), "Project/")).toEqual(payload);
  });

  it("differ every time, at one length, and do not contain the payload", () => {
    const sealer = createSealer(secret, "list cursor");
    const [a, b] = [sealer.seal(payload, "Project/"), sealer.seal(payload, "Project/")];
    expect(a).not.toBe(b);
    expect(a).toHaveLength(b.length);
    expect(Buffer.from(a, "base64url").includes(payload)).toBe(false);
  });

  it("do not open under another binding, purpose or secret", () => {
    const token = createSealer(secret, "list cursor").seal(payload, "Project/");
    expect(createSealer(secret, "list cursor").open(token, "Group/")).toBeUndefined();
    expect(createSealer(secret, "other").open(token, "Project/")).toBeUndefined();
    expect(createSealer(`${secret}!`, "list cursor").open(token, "Project/")).toBeUndefined();
  });

  it("do not open once altered, cut or padded", () => {
    const sealer = createSealer(secret, "list cursor");
    const token = sealer.seal(payload, "Project/");
    const bytes = Buffer.from(token, "base64url");
    for (const at of [0, 5, 20, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at] ^= 1;
      expect(sealer.open(altered.toString("base64url"), "Project/")).toBeUndefined();
    }
    expect(sealer.open(token.slice(0, -2), "Project/")).toBeUndefined();
    expect(sealer.open(`${token}AA`, "Project/")).toBeUndefined();
    expect(sealer.open("", "Project/")).toBeUndefined();
    expect(sealer.open("a".repeat(10_000), "Project/")).toBeUndefined();
  });
});
