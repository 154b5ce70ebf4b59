import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { embeddedCursorSecret } from "./embedded-cursor-secret.ts";
import { createSealer } from "./seal.ts";

let dataDir: string;
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("the embedded stack's cursor key", () => {
  it("is made once and kept, so cursors sealed before a restart open after it", async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), "cursor-key-")), "data");
    const first = await embeddedCursorSecret(dataDir);
    const sealed = createSealer(first.secret, "list cursor").seal(
      Buffer.from("position"),
      "Project/",
    );

    const again = await embeddedCursorSecret(dataDir);
    expect(again).toEqual(first);
    const reopened = createSealer(again.secret, "list cursor").open(sealed, "Project/");
    expect(reopened && Buffer.from(reopened).toString()).toBe("position");
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
  });

  it("replaces a kept key too short to seal with", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "cursor-key-"));
    await writeFile(path.join(dataDir, "cursor-secret"), "short\n");
    const { secret, file } = await embeddedCursorSecret(dataDir);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(file, "utf8")).trim()).toBe(secret);
  });
});
