import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats; images and fonts in the build are compressed formats already. */
const compressible = /\.(?:html|js|mjs|css|json|svg|txt|webmanifest)$/;
/** Below this, the headers cost more than compression saves. */
const minimumBytes = 1024;

/**
 * Writes `file.br` and `file.gz` beside each text file of the build, at the strongest levels:
 * compressing once here costs about a second, and every download is then as small as it gets
 * with no compression work per request. The API picks a variant by Accept-Encoding
 * (server/src/http/client-assets.ts). A variant that would not be smaller is not written.
 */
export function precompress(): Plugin {
  return {
    name: "precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? "dist";
      const files = Object.values(bundle).flatMap((output) => {
        const bytes = Buffer.from(output.type === "chunk" ? output.code : output.source);
        return compressible.test(output.fileName) && bytes.length >= minimumBytes
          ? [{ file: path.join(outDir, output.fileName), bytes }]
          : [];
      });
      await Promise.all(
        files.flatMap(({ file, bytes }) => [
          brotli(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }).then((compressed) => writeSmaller(`${file}.br`, compressed, bytes)),
          gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION }).then((compressed) =>
            writeSmaller(`${file}.gz`, compressed, bytes),
          ),
        ]),
      );
    },
  };
}

async function writeSmaller(file: string, compressed: Buffer, original: Buffer) {
  if (compressed.length < original.length) await writeFile(file, compressed);
}
