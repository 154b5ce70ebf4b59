/**
 * Reads caught mail over Mailpit's HTTP API, which both the emulator's mail catcher and the
 * compose stack's Mailpit serve, so a test reads codes the same way in either mode.
 */

export interface CaughtMail {
  id: string;
  to: string[];
  subject: string;
  created: Date;
  text: string;
  html: string;
}

interface SummaryJson {
  ID: string;
  To: { Address: string }[] | null;
  Subject: string;
  Created: string;
}

interface MessageJson {
  Text: string;
  HTML: string;
}

async function getJson<T>(url: URL): Promise<T> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw new Error(`mail API ${url.pathname}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

const addressesOf = (summary: SummaryJson) => (summary.To ?? []).map((a) => a.Address);

/** Mail sent to `to` (newest first), each with its text and HTML parts. */
export async function readMail(
  mailApiUrl: string,
  options: { to: string; since?: Date },
): Promise<CaughtMail[]> {
  const search = new URL("api/v1/search", mailApiUrl);
  search.searchParams.set("query", `to:"${options.to}"`);
  const { messages } = await getJson<{ messages: SummaryJson[] }>(search);
  const wanted = messages.filter(
    (m) =>
      addressesOf(m).some((a) => a.toLowerCase() === options.to.toLowerCase()) &&
      (!options.since || new Date(m.Created) >= options.since),
  );
  return Promise.all(
    wanted.map(async (summary) => {
      const message = await getJson<MessageJson>(
        new URL(`api/v1/message/${encodeURIComponent(summary.ID)}`, mailApiUrl),
      );
      return {
        id: summary.ID,
        to: addressesOf(summary),
        subject: summary.Subject,
        created: new Date(summary.Created),
        text: message.Text,
        html: message.HTML,
      };
    }),
  );
}

/**
 * The one-time code (six digits, as Kratos makes them) of the newest mail to `to`. Real
 * Kratos sends from a queue, so this polls until such a mail arrives or `timeoutMs` passes.
 */
export async function latestCode(
  mailApiUrl: string,
  to: string,
  options: { since?: Date; timeoutMs?: number } = {},
): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const [newest] = await readMail(mailApiUrl, { to, since: options.since });
    const code = newest?.text.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no mail with a code reached ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Deletes every caught message. */
export async function clearMail(mailApiUrl: string): Promise<void> {
  const response = await fetch(new URL("api/v1/messages", mailApiUrl), { method: "DELETE" });
  if (!response.ok) throw new Error(`mail API: ${response.status} ${await response.text()}`);
}
