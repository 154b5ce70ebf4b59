import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { type Handler, sendError } from "./http.ts";

/**
 * One port of the emulator. It can stop listening and listen again on the same port, which is
 * how a "down" fault produces a real connection refused. The handler is attached after binding,
 * because the Kratos half needs the bound URL before it can build its handlers.
 */
export class PortListener {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private handler?: Handler;
  private port: number;

  constructor(
    /** What listens here, for messages: "Keto read API". */
    readonly label: string,
    private readonly host: string,
    port: number,
  ) {
    this.port = port;
  }

  /** The base URL, with the port actually bound (also for port 0). */
  get url(): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}/`;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  attach(handler: Handler): void {
    this.handler = handler;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => this.handle(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) => {
        reject(
          error.code === "EADDRINUSE"
            ? new Error(
                `Port ${this.port} (${this.label}) is already in use on ${this.host}. Is another emulator or a real Ory server running? Stop it, or change the port in the config file.`,
              )
            : error,
        );
      });
      server.listen(this.port, this.host, () => resolve());
    });
    // Re-listening after a "down" fault must reuse the port clients already know.
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
    this.server = server;
  }

  /** Stops listening and drops open connections (keep-alive ones too). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.handler) {
      sendError(res, { status: 503, reason: `${this.label} is starting` }, req);
      return;
    }
    Promise.resolve(this.handler(req, res)).catch((error: Error) => {
      if (res.headersSent) res.destroy();
      else sendError(res, { status: 500, reason: error.message }, req);
    });
  }
}
