import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { startKratos } from "./testing/harness.ts";

const dataDir = mkdtempSync(join(tmpdir(), "kratos-emulator-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test("identities, credentials and sessions survive a restart with a data directory", async () => {
  const password = "correct horse battery staple";
  const first = await startKratos({ dataDir });
  const flow = await (await fetch(`${first.publicUrl}self-service/registration/api`)).json();
  const registered = await (
    await fetch(`${first.publicUrl}self-service/registration?flow=${flow.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        method: "password",
        password,
        traits: { email: "kept@example.com", name: "Kept" },
      }),
    })
  ).json();
  await first.close();

  const stored = readFileSync(join(dataDir, "kratos.json"), "utf8");
  expect(stored).not.toContain(password);

  const second = await startKratos({ dataDir });
  const whoami = await fetch(`${second.publicUrl}sessions/whoami`, {
    headers: { "X-Session-Token": registered.session_token },
  });
  expect(whoami.status).toBe(200);
  const login = await (await fetch(`${second.publicUrl}self-service/login/api`)).json();
  const signedIn = await fetch(`${second.publicUrl}self-service/login?flow=${login.id}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ method: "password", identifier: "kept@example.com", password }),
  });
  expect(signedIn.status).toBe(200);
  await second.close();
});
