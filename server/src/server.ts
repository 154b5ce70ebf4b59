import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type App, createApp } from "./app.ts";
import { type Config, type OryUrls, repoRoot } from "./config.ts";
import type { Database } from "./db/client.ts";
import type { Logger } from "./log.ts";
import { createServices } from "./services.ts";

export interface RunningServer {
  url: string;
  app: App;
  /** Stops taking requests, lets in-flight ones finish (up to the timeout), then returns. */
  close(): Promise<void>;
}

export interface ServerDependencies {
  config: Config;
  log: Logger;
  db: Database;
  ory: OryUrls;
}

/** Binds the app to HOST:PORT (port 0 picks a free one, for tests). */
export async function startServer({ config, log, db, ory }: ServerDependencies) {
  let accepting = true;
  const services = createServices({ config, log, db, ory });
  const app = createApp({
    ...services,
    config,
    client: {
      distDir: path.join(repoRoot, "client/dist"),
      kratosPublicUrl: config.KRATOS_BROWSER_URL ?? ory.kratosPublic,
    },
    health: { isAcceptingTraffic: () => accepting, isDatabaseReachable: () => db.isReachable() },
  });
  // Tuple changes left by a previous run (Keto was down, the process stopped) go out now.
  services.outbox.start();
  // Responses still being prepared when shutdown starts close their connection, so
  // keep-alive clients reconnect elsewhere instead of holding the old process open.
  const unanswered = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    if (!accepting) response.shouldKeepAlive = false;
    unanswered.add(response);
    response.once("close", () => unanswered.delete(response));
    app(request, response);
  });
  await listen(server, config.PORT, config.HOST);
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;

  return {
    url: `http://${host}:${port}`,
    app,
    async close() {
      accepting = false;
      for (const response of unanswered) {
        if (!response.headersSent) response.setHeader("connection", "close");
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive sockets would hold close() open; busy ones finish their request.
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        log.warn({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, "closing connections still busy");
        server.closeAllConnections();
      }, config.SHUTDOWN_TIMEOUT_MS);
      await closed;
      clearTimeout(timer);
      await app.dispose();
      await services.outbox.stop();
    },
  } satisfies RunningServer;
}

function listen(server: Server, port: number, host: string) {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
