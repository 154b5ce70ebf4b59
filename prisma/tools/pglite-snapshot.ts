import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

// A new in-memory PGlite costs an initdb (about 5 s); loading a dumped data directory about
// 1 s. Snapshots are cached in the OS temp directory under a key made of their purpose,
// the PGlite build and whatever went into them, so processes share them and a change to
// any input makes a new one.
const snapshots = new Map<string, Promise<Blob>>();

/** A data-directory dump of a fresh PGlite after `prepare`, built once per key. */
export function pgliteSnapshot(options: {
  purpose: string;
  inputs: string[];
  prepare: (db: PGlite) => Promise<unknown>;
}): Promise<Blob> {
  const id = [options.purpose, ...options.inputs].join("\0");
  let snapshot = snapshots.get(id);
  if (!snapshot) {
    snapshot = loadOrBuild(options);
    snapshots.set(id, snapshot);
  }
  return snapshot;
}

async function loadOrBuild(options: {
  purpose: string;
  inputs: string[];
  prepare: (db: PGlite) => Promise<unknown>;
}): Promise<Blob> {
  const prefix = `pglite-${options.purpose}-`;
  const file = path.join(os.tmpdir(), `${prefix}${await snapshotKey(options.inputs)}.tar`);
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return new Blob([cached]);
  await removeOutdated(prefix);
  const db = await PGlite.create("memory://");
  try {
    await options.prepare(db);
    const dump = await db.dumpDataDir("none");
    await writeAtomically(file, Buffer.from(await dump.arrayBuffer()));
    return dump;
  } finally {
    await db.close();
  }
}

/** Each snapshot is about 40 MB; ones for older inputs would only pile up. */
async function removeOutdated(prefix: string): Promise<void> {
  const names = await readdir(os.tmpdir()).catch(() => []);
  const outdated = names.filter((name) => name.startsWith(prefix) && name.endsWith(".tar"));
  await Promise.all(outdated.map((name) => rm(path.join(os.tmpdir(), name), { force: true })));
}

async function snapshotKey(inputs: string[]): Promise<string> {
  const hash = createHash("sha256");
  const pgliteEntry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  hash.update(await readFile(path.join(path.dirname(pgliteEntry), "../package.json")));
  for (const input of inputs) hash.update(`${input}\0`);
  return hash.digest("hex").slice(0, 16);
}

/** Concurrent processes may build the same snapshot; a rename never exposes a partial file. */
async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}
