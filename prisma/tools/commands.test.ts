import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Io, type Paths, projectPaths, runDbCommand } from "./commands.ts";

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { env, out: (line) => out.push(line), err: (line) => err.push(line) };
  return { io, out, err };
}

// Each check or new replays the migrations into an in-memory PGlite (an initdb).
const engineTimeout = 120_000;

describe("db check and db new", () => {
  let scratch: string;
  let paths: Paths;

  beforeAll(async () => {
    // Never touch the real schema: work on copies of schema.prisma and the migrations.
    scratch = await mkdtemp(path.join(os.tmpdir(), "db-tools-"));
    paths = {
      schemaPath: path.join(scratch, "schema.prisma"),
      migrationsDir: path.join(scratch, "migrations"),
      seedPath: path.join(scratch, "seed.ts"),
    };
    await cp(projectPaths.migrationsDir, paths.migrationsDir, { recursive: true });
    const schema = await readFile(projectPaths.schemaPath, "utf8");
    await writeFile(
      paths.schemaPath,
      schema.replace(
        "  name      String\n",
        '  name      String\n  bio       String    @default("")\n',
      ),
    );
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it(
    "check passes on the committed schema and migrations",
    async () => {
      const { io, out } = capture();
      expect(await runDbCommand(["check"], io)).toBe(0);
      expect(out.join("\n")).toMatch(/no drift/);
    },
    engineTimeout,
  );

  it(
    "check exits 2 with the missing SQL when schema.prisma changes without a migration",
    async () => {
      const { io, err } = capture();
      expect(await runDbCommand(["check"], io, paths)).toBe(2);
      expect(err.join("\n")).toContain(
        `ALTER TABLE "User" ADD COLUMN     "bio" TEXT NOT NULL DEFAULT ''`,
      );
    },
    engineTimeout,
  );

  it(
    "new writes that SQL as a timestamped migration, after which check passes",
    async () => {
      const created = capture();
      expect(await runDbCommand(["new", "add user bio"], created.io, paths)).toBe(0);

      const folders = (await readdir(paths.migrationsDir)).filter((f) =>
        f.endsWith("_add_user_bio"),
      );
      expect(folders).toHaveLength(1);
      expect(folders[0]).toMatch(/^\d{14}_add_user_bio$/);
      const sql = await readFile(
        path.join(paths.migrationsDir, folders[0], "migration.sql"),
        "utf8",
      );
      expect(sql).toContain(`ALTER TABLE "User" ADD COLUMN     "bio" TEXT NOT NULL DEFAULT ''`);

      const checked = capture();
      expect(await runDbCommand(["check"], checked.io, paths)).toBe(0);
    },
    engineTimeout * 2,
  );
});

describe("db commands refuse bad input with one clear line", () => {
  it.each([
    [["frobnicate"], {}, /unknown command "frobnicate"/],
    [[], {}, /missing command/],
    [["new"], {}, /missing migration name/],
    [["migrate"], { DATABASE_URL: "not a url" }, /DATABASE_URL is not a PostgreSQL URL/],
    [["status"], { DATABASE_URL: "mysql://db/x" }, /DATABASE_URL is not a PostgreSQL URL/],
    [["check"], { SHADOW: "oracle" }, /SHADOW must be "pglite" or "pg"/],
    [["reset"], { NODE_ENV: "production" }, /refusing to reset with NODE_ENV=production/],
  ])("%j with %j", async (args, env, message) => {
    const { io, err } = capture(env);
    expect(await runDbCommand(args, io)).toBe(64);
    expect(err[0]).toMatch(message);
  });
});

describe("db migrate, status and reset on PostgreSQL", () => {
  const serverUrl =
    process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `test_dbcli_${randomBytes(6).toString("hex")}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const env = { DATABASE_URL: url };
  const noSeed = { ...projectPaths, seedPath: path.join(os.tmpdir(), "no-such-seed.ts") };
  const sql = async (text: string, database = url) => {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(() => sql(`CREATE DATABASE "${name}"`, serverUrl));
  afterAll(() => sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, serverUrl));

  it(
    "status reports unapplied migrations, migrate applies them, then status is clean",
    async () => {
      const before = capture(env);
      expect(await runDbCommand(["status"], before.io)).toBe(1);
      expect(before.out.join("\n")).toMatch(/Not yet applied: \d{14}_init/);

      const migrated = capture(env);
      expect(await runDbCommand(["migrate"], migrated.io)).toBe(0);
      expect(migrated.out.join("\n")).toMatch(/applied migration \d{14}_init/);

      const after = capture(env);
      expect(await runDbCommand(["status"], after.io)).toBe(0);
      expect(after.out.join("\n")).toMatch(/up to date/);
    },
    engineTimeout,
  );

  it(
    "check can use a temporary shadow database on the server, and removes it",
    async () => {
      const { io } = capture({ ...env, SHADOW: "pg" });
      expect(await runDbCommand(["check"], io)).toBe(0);
      expect(
        await sql(
          "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'",
          serverUrl,
        ),
      ).toEqual([]);
    },
    engineTimeout,
  );

  it("reset drops all data and re-applies the migrations", async () => {
    await sql(
      `INSERT INTO "User" (id, email, name, "updatedAt") VALUES (gen_random_uuid(), 'a@x.test', 'A', now())`,
    );
    await sql('CREATE TABLE "Stray" (id int)');

    const { io } = capture(env);
    expect(await runDbCommand(["reset"], io, noSeed)).toBe(0);

    expect(await sql('SELECT count(*)::int AS n FROM "User"')).toEqual([{ n: 0 }]);
    expect(await sql(`SELECT to_regclass('"Stray"') AS stray`)).toEqual([{ stray: null }]);
    expect(
      await sql("SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL"),
    ).toEqual([
      {
        n: (await readdir(projectPaths.migrationsDir, { withFileTypes: true })).filter((e) =>
          e.isDirectory(),
        ).length,
      },
    ]);
  });
});
