import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKetoConfig } from "../src/keto/config.ts";
import { repositoryRoot, writeKetoConfig } from "./support.ts";

const ketoYml = join(repositoryRoot, "ory/keto/keto.yml");

// Its validity for the real Keto (the official config schema): ory/configs.test.ts.
describe("ory/keto/keto.yml", () => {
  it("is what the emulator runs with: a read depth of 7, a batch check of 100, and the product's namespaces", async () => {
    const config = await loadKetoConfig(ketoYml);
    expect(config).toMatchObject({
      readPort: 4466,
      writePort: 4467,
      strictMode: false,
      limits: { maxReadDepth: 7, maxReadWidth: 100, maxBatchCheckSize: 100 },
      namespacesSource: join(repositoryRoot, "ory/keto/namespaces.keto.ts"),
    });
    expect(config.namespaces.map((namespace) => namespace.name)).toEqual([
      "User",
      "App",
      "Group",
      "Project",
      "Document",
    ]);
  });
});

describe("loadKetoConfig", () => {
  it("reads strict mode and limits from the file", async () => {
    const file = writeKetoConfig({
      opl: "class User implements Namespace {}",
      strictMode: true,
      limit: { max_read_depth: 7, max_read_width: 3, max_batch_check_size: 50 },
    });
    expect(await loadKetoConfig(file)).toMatchObject({
      strictMode: true,
      limits: { maxReadDepth: 7, maxReadWidth: 3, maxBatchCheckSize: 50 },
    });
  });

  it("names the key of an invalid value", async () => {
    const cases: [unknown, RegExp][] = [
      [
        { dsn: "memory", namespaces: [{ id: 0, name: "n" }], serve: { read: { port: "x" } } },
        /serve\.read\.port must be an integer/,
      ],
      [
        { dsn: "memory", namespaces: [{ id: 0, name: "n" }], limit: { max_batch_check_size: 1.5 } },
        /limit\.max_batch_check_size/,
      ],
      [
        { dsn: "memory", namespaces: { location: "file://./missing.ts" } },
        /namespaces\.location no OPL file/,
      ],
      [
        { dsn: "memory", namespaces: { location: "https://example.com/n.ts" } },
        /does not fetch http/,
      ],
      [
        { dsn: "memory", namespaces: "file://./keto_namespaces" },
        /legacy folder URI is not supported/,
      ],
      [
        {
          dsn: "memory",
          namespaces: {
            location: "base64://Y2xhc3MgVXNlciBpbXBsZW1lbnRzIE5hbWVzcGFjZSB7fQ==",
            experimental_strict_mode: "yes",
          },
        },
        /experimental_strict_mode must be true or false/,
      ],
    ];
    for (const [content, message] of cases) {
      // JSON is YAML, so the cases can be written as objects.
      const file = writeKetoConfig({});
      writeFileSync(file, JSON.stringify(content));
      await expect(loadKetoConfig(file)).rejects.toThrow(message);
    }
  });
});
