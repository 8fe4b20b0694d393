/** What `herald --help` and `herald <command> --help` print. */
export const COMMAND_HELP: Record<string, string> = {
  serve: `Usage: herald serve [--role all|api|worker]

Runs the API, the operator portal and the delivery workers.
  --role all      everything in one process (default)
  --role api      HTTP only (cluster mode: another process runs --role worker)
  --role worker   delivery work only, no HTTP
Configured by environment variables: see docs/configuration.md.`,
  migrate: `Usage: herald migrate

Applies database migrations and exits (serve also does this at start).`,
  'create-operator': `Usage: herald create-operator --email E --role admin|manager|operator|viewer [--name N] [--password P]

Creates a portal operator. Without --password a password is generated and printed once.
The input is checked like POST /api/operators: a real email address, a password of 8 characters or more.`,
  'create-api-key': `Usage: herald create-api-key [--name N]

Prints a new server API key (hk_…). It is shown once; Herald stores only its hash.`,
  vapid: `Usage: herald vapid [--new]

Prints the Web Push (VAPID) public key, generating the pair into the data dir once.
  --new   print a fresh pair (VAPID_PUBLIC_KEY=…, VAPID_PRIVATE_KEY=…) for a cluster's environment; nothing is stored`,
  doctor: `Usage: herald doctor

Checks every workspace's providers (configuration and reachability), one line each naming the
workspace; exit code 1 when one fails.`,
  backup: `Usage: herald backup <file>

Writes a consistent copy of the SQLite database to <file>, safe while Herald runs (SQLite's
online backup). To restore: put the file as herald.db in an empty data dir and start Herald with
the same HERALD_SECRET_KEY (or secret.key file). On PostgreSQL use pg_dump instead.`,
  listen: `Usage: herald listen [--port N] [--host H] [--secret whsec_…]

Runs a local webhook receiver that prints each event Herald sends and whether its signature
verifies (Standard Webhooks). Point an agent's push config at http://127.0.0.1:<port>/ — Herald
must run with HERALD_ALLOW_PRIVATE_WEBHOOKS=true to deliver to loopback (development only).
  --port N          port to listen on (default 4000)
  --host H          interface (default 127.0.0.1)
  --secret whsec_…  the agent's signing secret (GET /api/agents/:id/push-config/secret)`,
};

export const USAGE = `Usage: herald <command> [options]

Commands:
  serve [--role all|api|worker]   run the API, the portal and the delivery workers
  migrate                         apply database migrations and exit
  create-operator --email E --role admin|manager|operator|viewer [--name N] [--password P]
  create-api-key [--name N]       print a new server API key (shown once)
  vapid [--new]                   print the Web Push (VAPID) public key, generating the pair once
                                  (--new: print a fresh pair to put in the environment of a cluster)
  doctor                          check every provider: configured? reachable?
  backup <file>                   consistent copy of the SQLite database, safe while Herald runs
  listen [--port N] [--secret S]  local webhook receiver printing each event and its signature check

Options:
  --version                       print Herald's version
  <command> --help                help for one command

Documentation: docs/ (getting-started.md, configuration.md, webhooks.md, deployment.md, operations.md)`;
