import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Handler, readBody, requestUrl, sendError, sendJson } from "../http.ts";

export interface MailAddress {
  Name: string;
  Address: string;
}

/** What the courier hands over: one message to one recipient, with a text and an HTML part. */
export interface OutgoingMail {
  from: MailAddress;
  to: string;
  subject: string;
  text: string;
  html: string;
}

interface StoredMail {
  id: string;
  messageId: string;
  from: MailAddress;
  to: MailAddress[];
  subject: string;
  text: string;
  html: string;
  created: string;
  read: boolean;
  size: number;
}

const SNIPPET_LENGTH = 250;
const DEFAULT_LIMIT = 50;

/** Mailpit's message ids are 22 URL-safe characters; 16 random bytes in base64url are too. */
const newId = () => randomBytes(16).toString("base64url");

function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}...` : flat;
}

/** `to:a@b.c subject:"x y" word` as Mailpit reads it: every term must match. */
function matches(mail: StoredMail, query: string): boolean {
  const terms = query.match(/(\w+:)?("[^"]*"|\S+)/g) ?? [];
  return terms.every((term) => {
    const colon = term.indexOf(":");
    const field = colon > 0 && !term.startsWith('"') ? term.slice(0, colon).toLowerCase() : "";
    const value = (field ? term.slice(colon + 1) : term).replace(/^"|"$/g, "").toLowerCase();
    const addresses = (list: MailAddress[]) =>
      list.some((a) => `${a.Name} <${a.Address}>`.toLowerCase().includes(value));
    switch (field) {
      case "to":
        return addresses(mail.to);
      case "from":
        return addresses([mail.from]);
      case "subject":
        return mail.subject.toLowerCase().includes(value);
      default:
        return [mail.subject, mail.text, mail.from.Address, ...mail.to.map((a) => a.Address)]
          .join("\n")
          .toLowerCase()
          .includes(value);
    }
  });
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

function sendHtml(res: ServerResponse, status: number, title: string, body: string): void {
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}</style>
</head><body>${body}</body></html>`;
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(page),
  });
  res.end(page);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Catches what the emulated Kratos courier sends, in memory, newest first. It serves a
 * subset of Mailpit's HTTP API (the compose stack's mail catcher), so tests and scripts read
 * mail the same way in both modes, and a small inbox page for people.
 */
export class MailCatcher {
  private mails: StoredMail[] = [];

  deliver(mail: OutgoingMail): void {
    const id = newId();
    this.mails.unshift({
      id,
      messageId: `${id}@emulator.invalid`,
      from: mail.from,
      to: [{ Name: "", Address: mail.to }],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      created: new Date().toISOString(),
      read: false,
      size: Buffer.byteLength(mail.subject + mail.text + mail.html),
    });
  }

  private find(id: string): StoredMail | undefined {
    return id === "latest" ? this.mails[0] : this.mails.find((m) => m.id === id);
  }

  private summary(mail: StoredMail) {
    return {
      ID: mail.id,
      MessageID: mail.messageId,
      Read: mail.read,
      From: mail.from,
      To: mail.to,
      Cc: [],
      Bcc: [],
      ReplyTo: [],
      Subject: mail.subject,
      Created: mail.created,
      Username: "",
      Tags: [],
      Size: mail.size,
      Attachments: 0,
      Snippet: snippetOf(mail.text),
    };
  }

  /** Mailpit's MessagesSummary: counts over the mailbox, `messages_count` over the results. */
  private page(url: URL, results: StoredMail[]) {
    const start = Math.max(0, Number(url.searchParams.get("start")) || 0);
    const limit = Math.max(1, Number(url.searchParams.get("limit")) || DEFAULT_LIMIT);
    const shown = results.slice(start, start + limit);
    return {
      total: this.mails.length,
      unread: this.mails.filter((m) => !m.read).length,
      count: shown.length,
      messages_count: results.length,
      messages_unread: results.filter((m) => !m.read).length,
      start,
      tags: [],
      messages: shown.map((m) => this.summary(m)),
    };
  }

  private message(mail: StoredMail) {
    return {
      ID: mail.id,
      MessageID: mail.messageId,
      From: mail.from,
      To: mail.to,
      Cc: [],
      Bcc: [],
      ReplyTo: [],
      ReturnPath: mail.from.Address,
      Subject: mail.subject,
      ListUnsubscribe: { Header: "", Links: [], Errors: "", HeaderPost: "" },
      Date: mail.created,
      Tags: [],
      Username: "",
      Text: mail.text,
      HTML: mail.html,
      Size: mail.size,
      Inline: [],
      Attachments: [],
    };
  }

  /** GET/DELETE /api/v1/messages, GET /api/v1/message/{ID|latest}, GET /api/v1/search. */
  readonly api: Handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req);
    const path = url.pathname.replace(/\/+$/, "");
    if (path === "/api/v1/messages" && req.method === "GET") {
      return sendJson(res, 200, this.page(url, this.mails));
    }
    if (path === "/api/v1/messages" && req.method === "DELETE") {
      const ids = await this.requestedIds(req);
      if (ids === undefined) return sendText(res, 400, "invalid JSON body");
      this.mails = ids.length === 0 ? [] : this.mails.filter((m) => !ids.includes(m.id));
      return sendText(res, 200, "ok");
    }
    if (path === "/api/v1/search" && req.method === "GET") {
      const query = url.searchParams.get("query") ?? "";
      if (query.trim() === "") return sendText(res, 400, "no search query");
      return sendJson(
        res,
        200,
        this.page(
          url,
          this.mails.filter((m) => matches(m, query)),
        ),
      );
    }
    const single = /^\/api\/v1\/message\/([^/]+)$/.exec(path);
    if (single && req.method === "GET") {
      const mail = this.find(decodeURIComponent(single[1]));
      if (!mail) return sendText(res, 404, "message not found");
      mail.read = true;
      return sendJson(res, 200, this.message(mail));
    }
    if (path === "/readyz") return sendText(res, 200, "ok");
    sendError(res, { status: 404 }, req);
  };

  /** DELETE's optional `{"IDs": [...]}`; none (or an empty list) means every message. */
  private async requestedIds(req: IncomingMessage): Promise<string[] | undefined> {
    const raw = (await readBody(req)).trim();
    if (raw === "") return [];
    try {
      const parsed = JSON.parse(raw) as { IDs?: unknown };
      const ids = parsed?.IDs ?? [];
      return Array.isArray(ids) && ids.every((id) => typeof id === "string") ? ids : undefined;
    } catch {
      return undefined;
    }
  }

  /** The inbox for people: `/` lists messages, `/view/{ID}` shows one as plain text. */
  readonly web: Handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req);
    const view = /^\/view\/([^/]+)$/.exec(url.pathname);
    if (view) {
      const mail = this.find(decodeURIComponent(view[1]));
      if (!mail)
        return sendHtml(res, 404, "Not found", "<p>No such message. <a href='/'>Inbox</a></p>");
      mail.read = true;
      return sendHtml(
        res,
        200,
        mail.subject,
        `<p><a href="/">Inbox</a></p><h1>${escapeHtml(mail.subject)}</h1>
<p>From ${escapeHtml(mail.from.Address)} to ${escapeHtml(mail.to.map((a) => a.Address).join(", "))}, ${escapeHtml(mail.created)}</p>
<pre>${escapeHtml(mail.text)}</pre>`,
      );
    }
    if (url.pathname !== "/")
      return sendHtml(res, 404, "Not found", "<p><a href='/'>Inbox</a></p>");
    const rows = this.mails
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.created)}</td><td>${escapeHtml(m.to.map((a) => a.Address).join(", "))}</td><td><a href="/view/${encodeURIComponent(m.id)}">${escapeHtml(m.subject)}</a></td></tr>`,
      )
      .join("\n");
    sendHtml(
      res,
      200,
      "Mail catcher",
      `<h1>Mail catcher</h1><p>${this.mails.length} message(s) sent by the emulated Kratos. The same mail as JSON: Mailpit's <code>/api/v1/messages</code> on the mail API port.</p>
<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows || "<tr><td colspan='3'>No mail yet.</td></tr>"}</tbody></table>`,
    );
  };
}
