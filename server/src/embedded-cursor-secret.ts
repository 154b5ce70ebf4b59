import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The embedded stack keeps its data across restarts in DATA_DIR, so it keeps the key that
 * seals page cursors there too: links with a cursor (the client's pager puts them in the
 * URL) then survive `npm start` restarts without anyone setting CURSOR_SECRET. Made once,
 * readable by the owner only.
 */
export async function embeddedCursorSecret(
  dataDir: string,
): Promise<{ secret: string; file: string }> {
  const file = path.join(dataDir, "cursor-secret");
  const kept = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (kept && kept.trim().length >= 32) return { secret: kept.trim(), file };
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return { secret, file };
}
