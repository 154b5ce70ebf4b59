import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { constants, gzipSync } from "node:zlib";
import { expect, it } from "vitest";

/**
 * The JavaScript the sign-in page needs before it can show anything: the app's entry chunk and
 * every chunk it imports statically, as `npm run build` left them in client/dist. Pages split
 * off with import() do not count. The entry chunk itself (the one the HTML loads) has a limit
 * of its own: React is a fixed share of the total, the entry is what grows with the app. The
 * limits and why: docs/decisions/0028-bundle-budget.md.
 */
const budget = { gzipBytes: 150 * 1024, bytes: 400 * 1024, entryBytes: 150 * 1024 };

const distDir = path.join(import.meta.dirname, "dist");
const manifestFile = path.join(distDir, ".vite/manifest.json");

/** The parts of Vite's build manifest (build.manifest) this test reads. */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The entry's file and, transitively, the files of its static imports. */
function firstLoadFiles(manifest: Manifest, entryKey: string): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entryKey);
  return [...seen].map((key) => manifest[key].file);
}

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

it("the sign-in page's first load stays within the bundle budget", () => {
  expect(
    existsSync(manifestFile),
    `${manifestFile} is missing: run \`npm run build\` (npm install runs it) first`,
  ).toBe(true);
  const manifest: Manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  expect(manifest["index.html"]?.isEntry, "index.html is the app's entry").toBe(true);

  const entryFile = manifest["index.html"].file;
  const files = firstLoadFiles(manifest, "index.html").map((file) => {
    const code = readFileSync(path.join(distDir, file));
    const gzipped = gzipSync(code, { level: constants.Z_BEST_COMPRESSION });
    return { file, bytes: code.length, gzipBytes: gzipped.length };
  });
  const entry = files.find((file) => file.file === entryFile);
  expect(entry, `the entry chunk ${entryFile} is among the first load`).toBeDefined();
  const total = {
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
  };

  console.info(
    [
      `sign-in page, first load: ${kilobytes(total.gzipBytes)} gzip (budget ${kilobytes(budget.gzipBytes)}),` +
        ` ${kilobytes(total.bytes)} uncompressed (budget ${kilobytes(budget.bytes)});` +
        ` entry chunk ${kilobytes(entry?.bytes ?? 0)} uncompressed (budget ${kilobytes(budget.entryBytes)})`,
      ...files.map(
        (file) => `  ${file.file}: ${kilobytes(file.gzipBytes)} gzip, ${kilobytes(file.bytes)}`,
      ),
    ].join("\n"),
  );
  expect(total.gzipBytes, "gzip bytes of the first load").toBeLessThanOrEqual(budget.gzipBytes);
  expect(total.bytes, "uncompressed bytes of the first load").toBeLessThanOrEqual(budget.bytes);
  expect(entry?.bytes, `uncompressed bytes of the entry chunk ${entryFile}`).toBeLessThanOrEqual(
    budget.entryBytes,
  );
});
