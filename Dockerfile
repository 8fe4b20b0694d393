# Herald container image: the embedded server (SQLite in /data) by default; with
# HERALD_DATABASE_URL and HERALD_REDIS_URL the same image runs as a cluster api or worker process.
#
#   docker build -t herald .            (or: podman build --format docker -t herald .)
#   docker run -p 3000:3000 -v herald-data:/data herald
#
# BASE_IMAGE must be a Debian-based image with node and npm at /usr/local/bin (the official
# images are); CI passes one made with debootstrap because no image registry is reachable there.
ARG BASE_IMAGE=docker.io/library/node:20-bookworm-slim

# --- build: compile the server, the SDK and the portal ------------------------------------------
FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY . .
# A context that already holds a build (`npm install` ran its `prepare`) is used as it is, which
# saves a full dev install; a fresh clone is built here.
RUN if [ -f dist/src/main.js ] && [ -f portal/dist/index.html ]; then \
      echo "Using the build from the context (dist/, portal/dist/)."; \
    else \
      npm ci --no-audit --no-fund --ignore-scripts && npm run build; \
    fi

# --- deps: production dependencies only ----------------------------------------------------------
FROM ${BASE_IMAGE} AS deps
WORKDIR /app
# Where better-sqlite3's prebuilt binary is fetched from (prebuild-install); unset → its GitHub
# releases. Without a matching binary it is compiled, which needs python3, make and g++.
ARG npm_config_better_sqlite3_binary_host
COPY package.json package-lock.json ./
# --ignore-scripts skips our own `prepare` (the build); better-sqlite3's install is run on purpose.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force

# --- runtime -------------------------------------------------------------------------------------
FROM ${BASE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    HERALD_HOST=0.0.0.0 \
    HERALD_PORT=3000 \
    HERALD_DATA_DIR=/data \
    HERALD_LOG_FORMAT=json
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/LICENSE ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/portal/dist ./portal/dist
# A fixed numeric user that owns nothing but /data: works on any base image, no passwd entry needed.
RUN mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HERALD_PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/herald.js"]
CMD ["serve"]
