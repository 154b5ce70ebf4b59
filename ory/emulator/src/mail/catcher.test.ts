import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type OryEmulator, startOryEmulator } from "../index.ts";
import { MailCatcher } from "./catcher.ts";
import { clearMail, latestCode, readMail } from "./reader.ts";

// The mail catcher as the emulator runs it (ephemeral ports), read over HTTP the way tests
// read Mailpit in the compose stack. Field names are those of Mailpit v1.30.5's API.

let emulator: OryEmulator;
let mailApi: string;
let mailWeb: string;

beforeAll(async () => {
  emulator = await startOryEmulator({ only: "kratos", ephemeralPorts: true });
  mailApi = emulator.urls.mailApi as string;
  mailWeb = emulator.urls.mailWeb as string;
});
afterAll(() => emulator.close());
beforeEach(() => clearMail(mailApi));

const kratosJson = (path: string, body?: unknown) =>
  fetch(`${emulator.urls.kratosPublic}${path}`, {
    method: body ? "POST" : "GET",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  }).then((r) => r.json());

/** Signs `emails` up (each registration mails a verification code), then clears the mailbox. */
async function register(...emails: string[]) {
  for (const email of emails) {
    const flow = await kratosJson("self-service/registration/api");
    await kratosJson(`self-service/registration?flow=${flow.id}`, {
      method: "password",
      password: "correct horse battery staple",
      traits: { email, name: "Mail Reader" },
    });
  }
  await clearMail(mailApi);
}

/** Asks Kratos to mail a recovery code to `email`. */
async function requestRecoveryCode(email: string) {
  const flow = await kratosJson("self-service/recovery/api");
  await kratosJson(`self-service/recovery?flow=${flow.id}`, { method: "code", email });
}

const getJson = async (path: string) => {
  const response = await fetch(new URL(path, mailApi));
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return response.json();
};

describe("the mail catcher's Mailpit API", () => {
  test("lists messages newest first with Mailpit's summary fields", async () => {
    await register("first@example.com", "second@example.com");
    await requestRecoveryCode("first@example.com");
    await requestRecoveryCode("second@example.com");
    const list = await getJson("api/v1/messages");
    expect(list).toMatchObject({ total: 2, unread: 2, messages_count: 2, start: 0 });
    expect(list.messages.map((m: { To: { Address: string }[] }) => m.To[0].Address)).toEqual([
      "second@example.com",
      "first@example.com",
    ]);
    const [newest] = list.messages;
    expect(Object.keys(newest)).toEqual(
      expect.arrayContaining(["ID", "MessageID", "From", "To", "Subject", "Created", "Snippet"]),
    );
    expect(newest.From).toEqual({ Name: "Ory GraphQL API", Address: "no-reply@example.com" });
    expect(newest.Snippet).toMatch(
      /^Recover access to your account by entering the following code: \d{6} /,
    );
    expect(Number.isNaN(Date.parse(newest.Created))).toBe(false);
  });

  test("serves one message with its Text and HTML parts, and marks it read", async () => {
    await register("reader@example.com");
    await requestRecoveryCode("reader@example.com");
    const [summary] = (await getJson("api/v1/messages")).messages;
    const message = await getJson(`api/v1/message/${summary.ID}`);
    expect(message).toMatchObject({ ID: summary.ID, Subject: summary.Subject, To: summary.To });
    expect(message.Text).toContain("This code expires in 60 minutes.");
    expect(typeof message.HTML).toBe("string");
    expect((await getJson("api/v1/messages")).unread).toBe(0);
    expect((await getJson("api/v1/message/latest")).ID).toBe(summary.ID);
    expect((await fetch(new URL("api/v1/message/nope", mailApi))).status).toBe(404);
  });

  test("searches by recipient, and DELETE empties the mailbox", async () => {
    await register("wanted@example.com", "other@example.com");
    await requestRecoveryCode("wanted@example.com");
    await requestRecoveryCode("other@example.com");
    const found = await getJson(
      `api/v1/search?query=${encodeURIComponent('to:"wanted@example.com"')}`,
    );
    expect(found.total).toBe(2);
    expect(found.messages_count).toBe(1);
    expect(found.messages[0].To[0].Address).toBe("wanted@example.com");

    const deleted = await fetch(new URL("api/v1/messages", mailApi), { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect((await getJson("api/v1/messages")).total).toBe(0);
  });
});

describe("the reader tests use in both modes", () => {
  test("readMail and latestCode find the code mailed to one address", async () => {
    await register("code@example.com");
    await requestRecoveryCode("code@example.com");
    const [mail] = await readMail(mailApi, { to: "code@example.com" });
    const code = await latestCode(mailApi, "code@example.com");
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.subject).toBe(`Use code ${code} to recover access to your account`);
    expect(await readMail(mailApi, { to: "nobody@example.com" })).toEqual([]);
  });

  test("latestCode gives up with a clear error when no mail comes", async () => {
    await requestRecoveryCode("ghost@example.com");
    await expect(latestCode(mailApi, "ghost@example.com", { timeoutMs: 200 })).rejects.toThrow(
      "no mail with a code reached ghost@example.com",
    );
  });
});

describe("the inbox page", () => {
  test("lists subjects and shows a message", async () => {
    await register("page@example.com");
    await requestRecoveryCode("page@example.com");
    const inbox = await (await fetch(mailWeb)).text();
    expect(inbox).toMatch(/Use code \d{6} to recover access to your account/);
    const id = inbox.match(/href="\/view\/([^"]+)"/)?.[1] as string;
    const page = await (await fetch(new URL(`view/${id}`, mailWeb))).text();
    expect(page).toContain("page@example.com");
    expect(page).toContain("This code expires in 60 minutes.");
  });

  test("escapes what a mail carries", async () => {
    const catcher = new MailCatcher();
    catcher.deliver({
      from: { Name: "", Address: "a@example.com" },
      to: "b@example.com",
      subject: "<script>alert(1)</script>",
      text: "<img src=x onerror=alert(2)>",
      html: "",
    });
    const server = createServer((req, res) => void catcher.web(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const inbox = await (await fetch(base)).text();
      expect(inbox).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(inbox).not.toContain("<script>");
      const id = inbox.match(/href="\/view\/([^"]+)"/)?.[1] as string;
      const page = await (await fetch(`${base}view/${id}`)).text();
      expect(page).toContain("&lt;img src=x onerror=alert(2)&gt;");
      expect(page).not.toContain("<img");
    } finally {
      server.close();
    }
  });
});

describe("startOryEmulator", () => {
  test("leaves the catcher out with mail: false", async () => {
    const quiet = await startOryEmulator({ only: "kratos", ephemeralPorts: true, mail: false });
    try {
      expect(quiet.urls.mailApi).toBeUndefined();
      expect(quiet.describe().some((line) => line.startsWith("Mail"))).toBe(false);
    } finally {
      await quiet.close();
    }
  });
});
