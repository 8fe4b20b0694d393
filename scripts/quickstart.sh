#!/usr/bin/env bash
# Quickstart: from an empty Herald to a signed webhook verified on your machine, no ids to copy.
# Run it in a second terminal while Herald runs for local development:
#
#   HERALD_ALLOW_PRIVATE_WEBHOOKS=true npm start     # terminal 1 (development only: lets Herald
#                                                    #  deliver webhooks to 127.0.0.1)
#   bash scripts/quickstart.sh                       # terminal 2
#
# It creates an agent whose webhooks go to `herald listen` on port 4000 (LISTEN_PORT), a customer
# Ann and a session; Ann writes "Hello!" with her own customer token and the AI answers with the
# server key. The listener prints each event and whether its signature verifies. Ctrl-C stops it.
# Uses the same environment as Herald (HERALD_HOST, HERALD_PORT, HERALD_DATA_DIR, …).
set -euo pipefail
cd "$(dirname "$0")/.."

host=${HERALD_HOST:-127.0.0.1}
[ "$host" = 0.0.0.0 ] && host=127.0.0.1
URL=${HERALD_URL:-http://$host:${HERALD_PORT:-3000}}
LISTEN_PORT=${LISTEN_PORT:-4000}
herald() { node bin/herald.js "$@"; }
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(process.argv[1].split(".").reduce((o,k)=>o?.[k],v)??"")})' "$1"; }

# call METHOD PATH [BODY] — prints the request and the status; the response body goes to stdout.
call() {
  local method=$1 path=$2 body=${3:-} out status
  out=$(mktemp)
  status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" "$URL$path" \
    -H "authorization: Bearer ${AUTH:-$KEY}" ${body:+-H 'content-type: application/json' -d "$body"})
  echo "  $method $path ${body:+$body }→ $status" >&2
  if [ "${status:0:1}" != 2 ]; then
    echo "  $(cat "$out")" >&2
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
}

if ! curl -fsS "$URL/api/health" >/dev/null 2>&1; then
  echo "Herald does not answer at $URL. Start it first, in another terminal:" >&2
  echo "  HERALD_ALLOW_PRIVATE_WEBHOOKS=true npm start" >&2
  exit 1
fi

KEY=${HERALD_API_KEY:-$(herald create-api-key --name quickstart)}
echo "1. A server API key for this script (herald create-api-key): ${KEY:0:10}…"

echo "2. An agent, and its push config: webhooks to http://127.0.0.1:$LISTEN_PORT/"
AGENT=$(call POST /api/agents '{"name":"Quickstart bot"}' | json id)
if ! call PUT "/api/agents/$AGENT/push-config" \
  "{\"enabled\":true,\"url\":\"http://127.0.0.1:$LISTEN_PORT/\",\"headers\":[],\"events\":[\"session.started\",\"message.user\",\"message.assistant\"]}" >/dev/null; then
  echo "Herald refused a webhook target on 127.0.0.1: restart it with HERALD_ALLOW_PRIVATE_WEBHOOKS=true (development only)." >&2
  exit 1
fi
SECRET=$(call GET "/api/agents/$AGENT/push-config/secret" | json signingSecret)

echo "3. herald listen --port $LISTEN_PORT --secret ${SECRET:0:10}… (the agent's signing secret)"
listen_log=$(mktemp)
node bin/herald.js listen --port "$LISTEN_PORT" --secret "$SECRET" > >(tee "$listen_log") 2>&1 &
LISTENER=$!
trap 'kill $LISTENER 2>/dev/null; rm -f "$listen_log"' EXIT
trap 'exit 0' INT TERM
for _ in $(seq 1 100); do grep -q Listening "$listen_log" && break; sleep 0.1; done
grep -q Listening "$listen_log" || { echo "herald listen did not start." >&2; exit 1; }

echo "4. A customer (Ann), a session, and Ann's customer token"
call PUT /api/customers/quickstart-ann '{"name":"Ann","locale":"en"}' >/dev/null
SESSION=$(call POST /api/sessions "{\"agentId\":\"$AGENT\",\"channel\":\"web\",\"customerId\":\"quickstart-ann\"}" | json id)
ANN=$(call POST /api/customers/quickstart-ann/token '{}' | json token)

echo "5. Ann writes \"Hello!\" with her token (a customer message); the AI answers with the server key"
AUTH=$ANN call POST "/api/sessions/$SESSION/messages" '{"text":"Hello!"}' >/dev/null
call POST "/api/sessions/$SESSION/messages" '{"text":"Hi Ann! How can I help?"}' >/dev/null

echo "Waiting for the webhooks (Ctrl-C to stop). Portal: $URL — session $SESSION"
wait "$LISTENER"
