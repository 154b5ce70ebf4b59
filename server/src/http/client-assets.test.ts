import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { createSchema, createYoga } from "graphql-yoga";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useClientAssets } from "./client-assets.ts";

const kratosPublicUrl = "http://127.0.0.1:4433/";
const indexHtml = '<!doctype html><script type="module" src="/assets/index-4f2a9c.js"></script>';
const schema = createSchema({ typeDefs: "type Query { hello: String }" });

let workDir: string;
let distDir: string;

function appServing(dist: string) {
  return createYoga({ schema, plugins: [useClientAssets({ distDir: dist, kratosPublicUrl })] });
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "client-assets-"));
  distDir = path.join(workDir, "dist");
  await mkdir(path.join(distDir, "assets"), { recursive: true });
  await writeFile(path.join(distDir, "index.html"), indexHtml);
  await writeFile(path.join(distDir, "assets", "index-4f2a9c.js"), "console.log('app')");
  // What the build's precompression step writes beside a script and the page.
  for (const [file, content] of [
    ["assets/index-4f2a9c.js", "console.log('app')"],
    ["index.html", indexHtml],
  ]) {
    await writeFile(path.join(distDir, `${file}.br`), brotliCompressSync(content));
    await writeFile(path.join(distDir, `${file}.gz`), gzipSync(content));
  }
  await writeFile(path.join(distDir, "assets", "index-4f2a9c.js.map"), '{"sources":["App.tsx"]}');
  await writeFile(path.join(distDir, "assets", "index-77b1e0.css"), "body{}");
  await mkdir(path.join(distDir, ".vite"));
  await writeFile(
    path.join(distDir, ".vite", "manifest.json"),
    '{"index.html":{"file":"assets/index-4f2a9c.js","src":"index.html"}}',
  );
  await writeFile(path.join(distDir, "robots.txt"), "User-agent: *");
  await writeFile(path.join(workDir, "secret.txt"), "outside the dist folder");
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("with a built client", () => {
  const get = (pathAndQuery: string, init?: RequestInit) =>
    appServing(distDir).fetch(`http://app.test${pathAndQuery}`, init ?? {});

  it.each(["/", "/settings", "/login?flow=abc", "/projects/UHJvamVjdDox/documents/RG9jOjE"])(
    "answers the client route %s with index.html that browsers revalidate",
    async (route) => {
      const response = await get(route);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(await response.text()).toBe(indexHtml);
    },
  );

  it("lets index.html reach only its own origin and Kratos", async () => {
    const policy = (await get("/")).headers.get("content-security-policy");
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("connect-src 'self' http://127.0.0.1:4433");
  });

  it("serves hashed assets with their content type, cached for a year", async () => {
    const script = await get("/assets/index-4f2a9c.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await script.text()).toBe("console.log('app')");

    const style = await get("/assets/index-77b1e0.css");
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("serves the build's brotli or gzip copy by Accept-Encoding, and says it varies by it", async () => {
    const script = (acceptEncoding: string) =>
      get("/assets/index-4f2a9c.js", { headers: { "accept-encoding": acceptEncoding } });
    const brotli = await script("gzip, deflate, br");
    expect(brotli.headers.get("content-encoding")).toBe("br");
    expect(brotli.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(brotli.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(brotliDecompressSync(await brotli.bytes()).toString()).toBe("console.log('app')");

    for (const onlyGzip of ["gzip", "br;q=0, gzip", "GZIP;q=0.5"]) {
      const gzip = await script(onlyGzip);
      expect(gzip.headers.get("content-encoding"), onlyGzip).toBe("gzip");
      expect(gunzipSync(await gzip.bytes()).toString()).toBe("console.log('app')");
    }

    for (const neither of ["identity", "gzip;q=0, br;q=0", "deflate"]) {
      const plain = await script(neither);
      expect(plain.headers.get("content-encoding"), neither).toBeNull();
      expect(await plain.text()).toBe("console.log('app')");
    }
    for (const response of [brotli, await script("gzip"), await script("identity")]) {
      expect(response.headers.get("vary")).toMatch(/^Accept-Encoding/);
    }
  });

  it("compresses index.html for client routes too, keeping its policy headers", async () => {
    const page = await get("/settings", { headers: { "accept-encoding": "br" } });
    expect(page.headers.get("content-encoding")).toBe("br");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(brotliDecompressSync(await page.bytes()).toString()).toBe(indexHtml);
    const head = await get("/", { method: "HEAD", headers: { "accept-encoding": "gzip" } });
    expect(head.headers.get("content-encoding")).toBe("gzip");
    expect(await head.text()).toBe("");
  });

  it("does not claim to vary by Accept-Encoding for a file the build left uncompressed", async () => {
    const style = await get("/assets/index-77b1e0.css", { headers: { "accept-encoding": "br" } });
    expect(style.headers.get("content-encoding")).toBeNull();
    expect(style.headers.get("vary")).toBeNull();
  });

  it("never serves a source map, even one left in the build folder", async () => {
    for (const map of ["/assets/index-4f2a9c.js.map", "/assets/index-4f2a9c.js.m%61p"]) {
      const response = await get(map);
      expect(response.status, map).toBe(404);
      expect(await response.text()).not.toContain("App.tsx");
    }
  });

  it("does not serve Vite's build manifest, which lists the source files", async () => {
    for (const manifest of ["/.vite/manifest.json", "/%2Evite/manifest.json"]) {
      const response = await get(manifest);
      expect(response.status, manifest).toBe(404);
      expect(await response.text()).not.toContain("assets/index-4f2a9c.js");
    }
  });

  it("serves other build files without the long cache", async () => {
    const response = await get("/robots.txt");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers a missing asset with 404, not with the app's HTML", async () => {
    for (const missing of ["/assets/index-000000.js", "/favicon.png"]) {
      const response = await get(missing);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("<!doctype html>");
    }
  });

  it("tells the client where Kratos is", async () => {
    const response = await get("/client-config.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ kratosPublicUrl });
  });

  it.each([
    "/assets/..%2f..%2fsecret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e/secret.txt",
    "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/assets/..%5c..%5csecret.txt",
  ])("never serves files outside the build folder: %s", async (attack) => {
    const response = await get(attack);
    expect([400, 404]).toContain(response.status);
    expect(await response.text()).not.toContain("outside the dist folder");
  });

  it("rejects paths that do not decode", async () => {
    expect((await get("/assets/%E0%A4%A.js")).status).toBe(400);
  });

  it("answers HEAD with headers only", async () => {
    const response = await get("/", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toBe("");
  });

  it("leaves GraphQL, health checks and non-GET requests to the server", async () => {
    const graphql = await get("/graphql?query=%7Bhello%7D", {
      headers: { accept: "application/json" },
    });
    expect(await graphql.json()).toEqual({ data: { hello: null } });

    const health = await get("/health/alive");
    expect(await health.text()).not.toBe(indexHtml);

    const post = await get("/settings", { method: "POST" });
    expect(await post.text()).not.toBe(indexHtml);
  });
});

describe("before the client is built", () => {
  it("says how to build it instead of failing obscurely", async () => {
    const response = await appServing(path.join(workDir, "not-built")).fetch("http://app.test/");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("npm run build");
  });

  it("still answers /client-config.json", async () => {
    const response = await appServing(path.join(workDir, "not-built")).fetch(
      "http://app.test/client-config.json",
    );
    expect(await response.json()).toEqual({ kratosPublicUrl });
  });
});
