# syntax=docker/dockerfile:1
# The API and its browser client, built by `npm run build` and run by plain `node` in production
# mode (docs/decisions/0016-production-build-and-image.md). It needs PostgreSQL and real Ory:
# DATABASE_URL, KRATOS_PUBLIC_URL, KRATOS_ADMIN_URL, KETO_READ_URL, KETO_WRITE_URL, CURSOR_SECRET.

FROM node:20.20.2-bookworm-slim AS base
# The npm the lockfile is written and tested with. Given the cut-down manifest below, the
# image's own npm 10 would keep the other workspaces' packages; npm 11 removes them.
RUN --mount=type=cache,target=/root/.npm npm install --global npm@11.19.1

FROM base AS build
WORKDIR /app
# The manifests first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY client/package.json client/
COPY ory/emulator/package.json ory/emulator/
# No install scripts: the root's postinstall needs the sources (it runs below), and no
# dependency needs its own (see allowScripts in package.json).
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run generate && npm run build

FROM base
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY server/package.json server/
# The server's dependencies only. npm ci would install every workspace's dependencies (the
# client's, the Ory emulator's and Prisma's CLI among them), so the manifest is cut down to the
# server workspace first, without the server's own devDependencies (the emulator workspace
# among them, whose folder is not here); npm then takes each version from the lockfile.
# (npm's cache is a build cache mount, so it stays out of the image.)
RUN --mount=type=cache,target=/root/.npm npm pkg delete devDependencies scripts workspaces \
  && npm pkg delete devDependencies --prefix server \
  && npm pkg set "workspaces[0]=server" \
  && npm install --omit=dev --ignore-scripts --no-audit --no-fund
# The bundle (our code and the generated Prisma client), the built client, and the migrations
# the server applies at start.
COPY --from=build /app/dist dist
COPY --from=build /app/client/dist client/dist
COPY prisma/migrations prisma/migrations
# Root owns the files; the server only reads them. The official image's `node` user, by number
# so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server/main.js"]
