# Procedo: the GraphQL API server and the admin UI it serves, on one port (4000).
#   docker build -t procedo .
#   docker run -p 4000:4000 -e DATABASE_URL=postgres://… -e ADMIN_PASSWORD=… procedo
# Without DATABASE_URL the server uses the embedded PGlite database in /app/data (mount a volume there).

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# All dependencies (dev included), from the lockfile only, so this layer is cached until it changes.
FROM base AS deps
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY admin-ui/package.json admin-ui/
RUN npm ci

# The admin UI's static build: admin-ui/dist.
FROM deps AS build
COPY tsconfig.json ./
COPY admin-ui admin-ui
RUN npm run build

# Runtime dependencies only (tsx runs the TypeScript server; no compilers or Vite).
FROM base AS runtime
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY admin-ui/package.json admin-ui/
RUN npm ci --omit=dev && npm cache clean --force

COPY tsconfig.json ./
COPY server server
COPY definitions definitions
COPY --from=build /app/admin-ui/dist admin-ui/dist

# The embedded database's directory must be writable by the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data

ENV NODE_ENV=production \
    PORT=4000 \
    PROCEDO_DATA_DIR=/app/data \
    PROCEDO_DEFINITIONS_DIR=/app/definitions

USER node
EXPOSE 4000

# No curl in slim images: ask /readyz with node's own fetch (200 = ready, anything else = unhealthy).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# npm start -> npm run start -w server -> tsx src/main.ts. Run with `--init` (compose: init: true)
# so that SIGTERM reaches the server and it shuts down cleanly.
CMD ["npm", "start"]
