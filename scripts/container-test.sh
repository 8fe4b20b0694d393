#!/usr/bin/env bash
# Builds Herald's image with podman and runs it as a user would: the image starts and answers
# /api/health, its HEALTHCHECK passes, a webhook goes from inside the container to a receiver on the
# host (`herald listen`, which verifies the signature), the data survives a container restart;
# compose.yaml validates (`podman-compose config`) and its embedded service starts.
#
# No image registry is reachable in CI, so the base image is made here: Debian bookworm
# (debootstrap, from the configured Debian mirror) plus this machine's Node binary and npm.
# It is kept in podman's storage and reused by later runs. Traffic stays on loopback: containers
# use the host's network and every server listens on 127.0.0.1.
#
# Needs root and a built checkout (`npm install`). Exit code 0 only when every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
t0=$(date +%s)
log() { echo "[container-test +$(($(date +%s) - t0))s] $*"; }
fail() { echo "[container-test] FAILED: $*" >&2; exit 1; }

BASE_TAG=localhost/herald-ci-bookworm:minbase
# This machine reaches the npm registry through a TLS-inspecting proxy when NODE_EXTRA_CA_CERTS is
# set: the base image then trusts the same extra CA, as the host's Node does.
EXTRA_CA=${NODE_EXTRA_CA_CERTS:-}
[ -n "$EXTRA_CA" ] && [ -f "$EXTRA_CA" ] || EXTRA_CA=
NODE_TAG=localhost/herald-ci-node:$(node -p 'process.version')${EXTRA_CA:+-$(sha256sum "$EXTRA_CA" | cut -c1-12)}
IMAGE=localhost/herald:ci
RUN_ID=$$
NAME=herald-ci-$RUN_ID
VOLUME=herald-ci-data-$RUN_ID
WORK=$(mktemp -d /tmp/herald-container-test.XXXXXX)
pids=()

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  podman rm -f "$NAME" >/dev/null 2>&1
  podman volume rm -f "$VOLUME" >/dev/null 2>&1
  if [ -f "$WORK/compose.started" ]; then
    podman-compose -p "herald-ci-$RUN_ID" -f compose.yaml down -v >/dev/null 2>&1
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f dist/src/main.js ] && [ -f portal/dist/index.html ] || fail "build Herald first (npm install runs the build)."

# --- tools --------------------------------------------------------------------------------------
missing=()
for tool in podman runc debootstrap podman-compose; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# cgroups are hybrid and CAP_SYS_RESOURCE is absent on these machines: runc, and ulimits no
# higher than the hard limits we have.
hard=$(ulimit -Hn)
mkdir -p /etc/containers
cat > /etc/containers/containers.conf <<EOF
[containers]
default_ulimits = ["nofile=$hard:$hard", "nproc=4096:4096"]

[engine]
runtime = "runc"
EOF

# --- base image: debootstrap once, then reuse -----------------------------------------------------
if ! podman image exists "$BASE_TAG"; then
  mirror=$( (grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'; \
             grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}') \
           | grep -v -e security -e '^$' | grep -m1 -i debian || true)
  [ -n "$mirror" ] || fail "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d."
  log "debootstrap bookworm (minbase) from $mirror"
  debootstrap --variant=minbase bookworm "$WORK/rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log"; fail "debootstrap failed."; }
  tar -C "$WORK/rootfs" -c . | podman import - "$BASE_TAG" >/dev/null 2>&1
  rm -rf "$WORK/rootfs"
fi
if ! podman image exists "$NODE_TAG"; then
  log "adding this machine's Node $(node -v) and npm to the base image"
  mkdir -p "$WORK/node-ctx"
  cp "$(readlink -f "$(command -v node)")" "$WORK/node-ctx/node"
  cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$WORK/node-ctx/npm"
  touch "$WORK/node-ctx/extra-ca.crt"
  [ -n "$EXTRA_CA" ] && cp "$EXTRA_CA" "$WORK/node-ctx/extra-ca.crt"
  cat > "$WORK/node-ctx/Containerfile" <<EOF
FROM $BASE_TAG
COPY extra-ca.crt /usr/local/share/herald-ci/extra-ca.crt
${EXTRA_CA:+ENV NODE_EXTRA_CA_CERTS=/usr/local/share/herald-ci/extra-ca.crt}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
EOF
  podman build -q --network host -t "$NODE_TAG" "$WORK/node-ctx" >/dev/null
fi

# --- Herald's image ---------------------------------------------------------------------------------
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
# better-sqlite3's prebuilt binary is downloaded from GitHub, which CI cannot reach: serve the one
# this checkout compiled for the very same Node binary and glibc, under prebuild-install's name.
build_args=(--build-arg "BASE_IMAGE=$NODE_TAG")
native=node_modules/better-sqlite3/build/Release/better_sqlite3.node
if [ -f "$native" ]; then
  bs_version=$(node -p 'require("./node_modules/better-sqlite3/package.json").version')
  abi=$(node -p 'process.versions.modules')
  mkdir -p "$WORK/prebuilds/v$bs_version"
  tar -C node_modules/better-sqlite3 -czf "$WORK/prebuilds/v$bs_version/better-sqlite3-v$bs_version-node-v$abi-linux-x64.tar.gz" build/Release/better_sqlite3.node
  mirror_port=$(free_port)
  python3 -m http.server "$mirror_port" --bind 127.0.0.1 --directory "$WORK/prebuilds" >"$WORK/mirror.log" 2>&1 &
  pids+=($!)
  build_args+=(--build-arg "npm_config_better_sqlite3_binary_host=http://127.0.0.1:$mirror_port")
fi
log "building $IMAGE"
# --format docker keeps HEALTHCHECK (the OCI format has no such field).
podman build --format docker --network host "${build_args[@]}" -t "$IMAGE" . >"$WORK/build.log" 2>&1 \
  && podman image exists "$IMAGE" || { tail -40 "$WORK/build.log"; fail "podman build failed."; }
log "image built: $(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
[ "$(podman image inspect "$IMAGE" --format '{{.Config.User}}')" = "10001:10001" ] || fail "the image does not run as the non-root user."

# --- run it ----------------------------------------------------------------------------------------
PORT=$(free_port)
SINK_PORT=$(free_port)
KEY=hk_container_test_$(node -p 'require("crypto").randomBytes(16).toString("hex")')
URL=http://127.0.0.1:$PORT
run_container() {
  podman run -d --name "$NAME" --network host -v "$VOLUME:/data" \
    -e HERALD_HOST=127.0.0.1 -e HERALD_PORT="$PORT" -e HERALD_API_KEY="$KEY" \
    -e HERALD_ALLOW_PRIVATE_WEBHOOKS=true "$IMAGE" >/dev/null 2>>"$WORK/podman-run.log"
  # (podman logs that it cannot hand the HEALTHCHECK timer to systemd here; `podman healthcheck
  # run` below runs the same check directly.)
}
wait_healthy() {
  for _ in $(seq 1 120); do
    if curl -fsS "$URL/api/health" >/dev/null 2>&1; then return 0; fi
    podman container exists "$NAME" && [ "$(podman inspect "$NAME" --format '{{.State.Running}}')" = true ] \
      || { podman logs "$NAME" 2>&1 | tail -20; fail "the container stopped."; }
    sleep 0.5
  done
  podman logs "$NAME" 2>&1 | tail -20
  fail "/api/health did not answer within 60 s."
}
api() { # method path [json] — prints the body; a non-2xx answer fails the test with the body
  local out status
  out=$(curl -sS -X "$1" "$URL$2" -H "authorization: Bearer ${TOKEN:-$KEY}" ${3:+-H 'content-type: application/json' -d "$3"} -w '\n%{http_code}')
  status=${out##*$'\n'}
  [[ $status == 2* ]] || fail "$1 $2 answered $status: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }

podman volume create "$VOLUME" >/dev/null
run_container
wait_healthy
log "/api/health: $(curl -fsS "$URL/api/health")"
podman healthcheck run "$NAME" >/dev/null || fail "the image's HEALTHCHECK failed."
[ "$(podman exec "$NAME" id -u)" = 10001 ] || fail "Herald runs as root inside the container."

AGENT=$(api POST /api/agents '{"name":"Container bot"}' | field id)
api PUT "/api/agents/$AGENT/push-config" \
  "{\"enabled\":true,\"url\":\"http://127.0.0.1:$SINK_PORT/herald\",\"headers\":[],\"events\":[\"message.user\"]}" >/dev/null
SECRET=$(api GET "/api/agents/$AGENT/push-config/secret" | field signingSecret)
node bin/herald.js listen --port "$SINK_PORT" --secret "$SECRET" >"$WORK/listen.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 40); do grep -q 'Listening' "$WORK/listen.log" && break; sleep 0.25; done
api PUT /api/customers/ann '{"name":"Ann"}' >/dev/null
SESSION=$(api POST /api/sessions "{\"agentId\":\"$AGENT\",\"customerId\":\"ann\"}" | field id)
ANN_TOKEN=$(api POST /api/customers/ann/token '{}' | field token)
TOKEN=$ANN_TOKEN api POST "/api/sessions/$SESSION/messages" '{"text":"Hello from the container test"}' >/dev/null
for _ in $(seq 1 60); do grep -q 'signature verified' "$WORK/listen.log" && break; sleep 0.5; done
grep -q 'signature verified' "$WORK/listen.log" || { cat "$WORK/listen.log"; fail "no verified webhook reached the host."; }
grep -q 'Hello from the container test' "$WORK/listen.log" || fail "the webhook did not carry the message."
log "webhook from the container verified on the host"

podman restart "$NAME" >/dev/null 2>>"$WORK/podman-run.log"
wait_healthy
[ "$(api GET "/api/agents/$AGENT" | field name)" = "Container bot" ] || fail "the agent did not survive a restart."
api GET "/api/sessions/$SESSION/messages" | grep -q 'Hello from the container test' || fail "the message did not survive a restart."
log "data survived a container restart"
podman rm -f "$NAME" >/dev/null

# --- compose ------------------------------------------------------------------------------------------
# `podman-compose config` where it exists (podman-compose ≥ 1.0.6); Debian bookworm ships 1.0.3,
# which has no `config` command: there, podman-compose's own parser loads and resolves the file
# (interpolation, merging, services, volumes) and prints the result — what `config` does later.
if podman-compose --help 2>&1 | grep -qE '^\s+config\b|[{,]config[,}]'; then
  podman-compose -f compose.yaml config >"$WORK/compose-config.txt" 2>&1 || { cat "$WORK/compose-config.txt"; fail "podman-compose config failed."; }
else
  pc_python=$(head -1 "$(command -v podman-compose)" | sed 's/^#!//')
  $pc_python - compose.yaml >"$WORK/compose-config.txt" 2>&1 <<'PY' || { cat "$WORK/compose-config.txt"; fail "podman-compose could not load compose.yaml."; }
import json, sys
import podman_compose as pc
file = sys.argv[1]
sys.argv = ["podman-compose", "-f", file, "--dry-run", "ps"]
compose = pc.podman_compose
compose._parse_args()
compose.podman = pc.Podman(compose, "podman", True)
compose._parse_compose_file()
print(json.dumps({"services": compose.services, "volumes": compose.vols}, indent=2, default=str))
PY
fi
for svc in herald postgres redis herald-api herald-worker; do
  grep -qE "^ +\"?$svc\"?:" "$WORK/compose-config.txt" || { cat "$WORK/compose-config.txt"; fail "compose.yaml has no service $svc."; }
done
grep -q 'appendonly' "$WORK/compose-config.txt" || fail "compose.yaml's Redis has no append-only file."
# Every variable was interpolated (podman-compose 1.0.3 leaves "${X:-}" with an empty default as it is).
if grep -q '\${' "$WORK/compose-config.txt"; then grep '\${' "$WORK/compose-config.txt"; fail "compose.yaml has a variable podman-compose does not interpolate."; fi
# The embedded service on a free port published on 127.0.0.1 (the image built above stands in for
# the one compose would build: nothing is pulled). Only `herald` is named: podman-compose 1.0.3
# ignores profiles, and the cluster services' images would need a registry.
COMPOSE_PORT=$(free_port)
podman tag "$IMAGE" localhost/herald:latest
touch "$WORK/compose.started"
HERALD_HOST_PORT=$COMPOSE_PORT podman-compose -p "herald-ci-$RUN_ID" -f compose.yaml up -d herald >"$WORK/compose-up.log" 2>&1 \
  || { cat "$WORK/compose-up.log"; fail "podman-compose up failed."; }
URL=http://127.0.0.1:$COMPOSE_PORT
for _ in $(seq 1 120); do curl -fsS "$URL/api/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$URL/api/health" >/dev/null || { cat "$WORK/compose-up.log"; podman ps -a --filter "label=com.docker.compose.project=herald-ci-$RUN_ID" --format '{{.Names}}' | xargs -r -n1 podman logs 2>&1 | tail; fail "the compose service did not answer /api/health."; }
compose_container=$(podman ps --filter "label=com.docker.compose.project=herald-ci-$RUN_ID" --filter label=com.docker.compose.service=herald --format '{{.Names}}' | head -1)
[ "$(podman exec "$compose_container" id -u)" = 10001 ] || fail "the compose service runs as root."
log "compose: config valid, embedded service healthy on 127.0.0.1:$COMPOSE_PORT"
log "all container checks passed"
