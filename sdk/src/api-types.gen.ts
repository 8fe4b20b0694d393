/**
 * GENERATED from Herald's OpenAPI document (GET /api/docs/json) by `npm run gen:api-types`.
 * Do not edit: change the schemas in src/http/components.ts or the routes, then regenerate.
 */
export interface paths {
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers */
        get: operations["getReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in as an operator (sets the herald_session cookie) */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out (ends the cookie session) */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in operator */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How operators may sign in here */
        get: operations["getAuthMethods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/oidc/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Start single sign-on: redirects to the OpenID Connect provider */
        get: operations["startSso"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the OpenID Connect provider sends the browser back; signs in an invited operator
         * @description Signs in the operator with the verified email the provider vouches for, creating them only when that email was invited. Accepts every pending invitation of that email (a second workspace for an operator who already exists). Redirects to the portal: `/?workspace=<id>` (the workspace that invited them, where the portal opens) when an invitation was accepted, `/` when signed in otherwise, `/login?sso=not_invited|unverified|disabled|expired|failed` when refused.
         */
        get: operations["finishSso"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email a password-reset link (single use, expires in 1 hour)
         * @description Answers 204 whether or not the email belongs to an operator, so it reveals nothing.
         */
        post: operations["requestPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose a new password with a reset link; ends every open login of that operator */
        post: operations["confirmPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pending invitations
         * @description Operator roles allowed: admin.
         */
        get: operations["listInvitations"];
        put?: never;
        /**
         * Invite an operator by email (the link is emailed when SMTP is configured)
         * @description Operator roles allowed: admin.
         */
        post: operations["createInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a pending invitation (its link stops working)
         * @description Operator roles allowed: admin.
         */
        delete: operations["revokeInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an invitation link is for (the invitation page shows it) */
        get: operations["lookupInvitation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation with a name and password; signs in
         * @description A new operator chooses a name and password; an operator who already signs in here (invited to one more workspace) sends the token alone, signed in as themselves (their login cookie): the link alone does not prove who they are (401 otherwise). Either way they become a member of the inviting workspace (`workspaceId`) and are signed in.
         */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log: changes to agents, push configs, operators, API keys, provider settings, templates and settings
         * @description Operator roles allowed: admin.
         */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's workspaces: an operator's memberships with their role, a server key's own workspace */
        get: operations["listWorkspaces"];
        put?: never;
        /**
         * Create a workspace (instance admins: admins of workspace default); returns its first server key, shown once
         * @description Operator roles allowed: admin.
         */
        post: operations["createWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{id}/identity-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's identity secret (HS256 key of its customer tokens; kid = the workspace id): its admins and its server keys */
        get: operations["getWorkspaceIdentitySecret"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The members of a workspace with their role there (its admins) */
        get: operations["listWorkspaceMembers"];
        put?: never;
        /**
         * Add an existing operator (a member of another workspace you administer) with a role; audited
         * @description Only operators who are members of a workspace the caller administers can be added this way; anyone else answers 404 (whether or not the email has an operator elsewhere): invite them with POST /api/invitations instead.
         */
        post: operations["addWorkspaceMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspaces/{id}/members/{operatorId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member from this workspace (never its last admin); they keep their other workspaces; audited */
        delete: operations["removeWorkspaceMember"];
        options?: never;
        head?: never;
        /** Change a member's role in this workspace (never its last admin); audited */
        patch: operations["updateWorkspaceMember"];
        trace?: never;
    };
    "/api/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a customer (a customer token sees only itself) */
        get: operations["getCustomer"];
        /** Create or update a customer (by the app's own user id; a customer token: only its own timezone, quiet hours and locale) */
        put: operations["upsertCustomer"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/customers/{id}/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mint a customer token (creates the customer if unknown) */
        post: operations["createCustomerToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List departments */
        get: operations["listDepartments"];
        put?: never;
        /**
         * Create a department
         * @description Operator roles allowed: admin.
         */
        post: operations["createDepartment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List operators */
        get: operations["listOperators"];
        put?: never;
        /**
         * Create an operator
         * @description A member of the workspace the request acts in, with `role`. An email that already has an operator: 409 when they are a member here, or of a workspace you administer (add them with `POST /api/workspaces/{id}/members`). Anyone else is invited to this workspace instead (their account, name and password stay theirs; they join when they accept) and the answer is the one a new operator gets: it does not tell whether the email works for another business.
         *
         *     Operator roles allowed: admin.
         */
        post: operations["createOperator"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/operators/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update an operator (non-admins: only their own profile settings, time zone and quiet hours)
         * @description `role` and `departmentIds` are the operator's in the workspace the request acts in. `name`, `password` and `disabled` are theirs in every workspace: someone else may change them only as an admin of every workspace the operator belongs to (otherwise 403).
         */
        patch: operations["updateOperator"];
        trace?: never;
    };
    "/api/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List agents */
        get: operations["listAgents"];
        put?: never;
        /**
         * Create an agent
         * @description Operator roles allowed: admin, manager.
         */
        post: operations["createAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an agent */
        get: operations["getAgent"];
        put?: never;
        post?: never;
        /**
         * Delete an agent without sessions
         * @description Operator roles allowed: admin, manager.
         */
        delete: operations["deleteAgent"];
        options?: never;
        head?: never;
        /**
         * Rename an agent
         * @description Operator roles allowed: admin, manager.
         */
        patch: operations["updateAgent"];
        trace?: never;
    };
    "/api/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sessions, newest first (a customer sees only their own) */
        get: operations["listSessions"];
        put?: never;
        /** Start a session (conversation) */
        post: operations["createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspace/badge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Count of active conversations (the operator badge)
         * @description Operator roles allowed: admin, manager, operator.
         */
        get: operations["getWorkspaceBadge"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a session */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions/{id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transfer a session to a department or an operator (status "waiting")
         * @description Operator roles allowed: admin, manager, operator.
         */
        post: operations["transferSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions/{id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign a session to an operator (status "assigned")
         * @description Operator roles allowed: admin, manager, operator.
         */
        post: operations["assignSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resolve a session
         * @description Operator roles allowed: admin, manager, operator.
         */
        post: operations["resolveSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List messages after a sequence number (polling) */
        get: operations["listMessages"];
        put?: never;
        /**
         * Post a message (role follows the credential; see description)
         * @description Customer token → role "user"; server key → "assistant" (default), "operator" (+operatorId) or "system"; operator cookie → "operator".
         *
         *     Operator roles allowed: admin, manager, operator.
         */
        post: operations["postMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-sent events for a customer or an operator
         * @description Events: `message.created`, `session.updated`, `notification` (customers and operators), `badge` and `delivery.updated` (operators), `session.read` (`{sessionId, reader: {type, id}, seq, readAt}`: someone read a session up to `seq`; a portal or app stops alerts for it). Each `data:` line is the JSON of the matching schema (Message, Session, Notification, Badge, Delivery). A comment line every 15 s keeps proxies from closing it.
         */
        get: operations["openStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{id}/push-config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an agent's push configuration (secret header values are null) */
        get: operations["getPushConfig"];
        /**
         * Set an agent's push configuration (outgoing webhook)
         * @description Operator roles allowed: admin, manager.
         */
        put: operations["putPushConfig"];
        post?: never;
        /**
         * Delete an agent's push configuration
         * @description Operator roles allowed: admin, manager.
         */
        delete: operations["deletePushConfig"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{id}/push-config/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signing secret receivers verify with (whsec_…)
         * @description Operator roles allowed: admin, manager.
         */
        get: operations["getPushConfigSecret"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{id}/push-config/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret (the old one keeps signing for 24 h)
         * @description Operator roles allowed: admin, manager.
         */
        post: operations["rotatePushConfigSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{id}/push-config/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event and wait briefly for the receiver's answer
         * @description `delivery` is null when no outcome arrived within the webhook timeout.
         *
         *     Operator roles allowed: admin, manager.
         */
        post: operations["testPushConfig"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List deliveries, newest first */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a delivery with its payload and every attempt */
        get: operations["getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliveries/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a delivery now
         * @description Operator roles allowed: admin, manager.
         */
        post: operations["retryDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{id}/explain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Explain the routing decisions an event caused: every candidate, channel, decision, rule and reason
         * @description The id of an event (a delivery's `eventId`), or of a message (the event it caused).
         *
         *     Operator roles allowed: admin, manager.
         */
        get: operations["explainEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analytics/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery volume by status over time, success rate by channel and destination, latency percentiles */
        get: operations["deliveryAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/destinations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List delivery destinations with their circuit state and attempts in flight
         * @description Operator roles allowed: admin, manager.
         */
        get: operations["listDestinations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register the caller's device for push (upsert by token)
         * @description Default provider by platform: mobile → fcm, tma → telegram, web → webpush (token = the PushSubscription JSON).
         *
         *     Operator roles allowed: admin, manager, operator.
         */
        post: operations["registerDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/unregister": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unregister one of the caller's devices */
        post: operations["unregisterDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's devices */
        get: operations["listDevices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's notification preferences */
        get: operations["getNotificationPreferences"];
        /** Change the caller's notification preferences (any subset) */
        put: operations["updateNotificationPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a notification to a customer or an operator
         * @description Give exactly one of customerId or operatorId. The answer lists the deliveries it caused (one per device or channel).
         */
        post: operations["createNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a notification and its deliveries */
        get: operations["getNotification"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/{id}/actions/{actionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a notification action (the payload's action token is the credential)
         * @description The first call wins; repeats answer `duplicate: true` and change nothing. A reply text becomes a message.
         */
        post: operations["recordNotificationAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/push/vapid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The VAPID public key browsers subscribe with
         * @description Operator roles allowed: admin, manager, operator.
         */
        get: operations["getVapidKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Push providers: status and settings (secrets masked) */
        get: operations["listProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/providers/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change a push provider's settings (stored encrypted; environment values win)
         * @description Operator roles allowed: admin, manager.
         */
        put: operations["updateProvider"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/push": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Push notification settings */
        get: operations["getPushSettings"];
        /**
         * Change push notification settings (message preview)
         * @description Operator roles allowed: admin, manager.
         */
        put: operations["updatePushSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/email-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List email templates and merge fields
         * @description Operator roles allowed: admin, manager.
         */
        get: operations["listEmailTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/email-templates/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an email template
         * @description Operator roles allowed: admin, manager.
         */
        get: operations["getEmailTemplate"];
        /**
         * Change an email template (any of subject, text, html)
         * @description Operator roles allowed: admin, manager.
         */
        put: operations["updateEmailTemplate"];
        post?: never;
        /**
         * Reset an email template to Herald's default
         * @description Operator roles allowed: admin, manager.
         */
        delete: operations["resetEmailTemplate"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/email-templates/{name}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render a template (or a draft of it) with sample values
         * @description Operator roles allowed: admin, manager.
         */
        post: operations["previewEmailTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Email delivery settings
         * @description Operator roles allowed: admin, manager.
         */
        get: operations["getEmailSettings"];
        /**
         * Change email delivery settings (immediate or digest, reply domain …)
         * @description Operator roles allowed: admin, manager.
         */
        put: operations["updateEmailSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * SMS settings
         * @description Operator roles allowed: admin, manager.
         */
        get: operations["getSmsSettings"];
        /**
         * Change SMS settings (alphanumeric sender name)
         * @description Operator roles allowed: admin, manager.
         */
        put: operations["updateSmsSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/email/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test email and wait for the relay to answer
         * @description Operator roles allowed: admin, manager.
         */
        post: operations["sendTestEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which of Telegram, SMS and email are configured
         * @description Operator roles allowed: admin, manager.
         */
        get: operations["getChannelsStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/providers/smtp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's SMTP relay: status and settings (secrets masked) */
        get: operations["getSmtpSettings"];
        /**
         * Change the workspace's SMTP relay (stored encrypted; in workspace default environment values win)
         * @description Operator roles allowed: admin, manager.
         */
        put: operations["updateSmtpSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/providers/twilio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's Twilio account: status and settings (secrets masked) */
        get: operations["getTwilioSettings"];
        /**
         * Change the workspace's Twilio account (stored encrypted; in workspace default environment values win)
         * @description Operator roles allowed: admin, manager.
         */
        put: operations["updateTwilioSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/email/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An emailed reply to a conversation (reply+<session>.<mac>@<replyDomain>)
         * @description Point your inbound-mail service for the reply domain (PUT /api/settings/email {replyDomain}) here. JSON {to, from, text} or Postmark's inbound JSON. The signed reply address authenticates the mail; the sender must be the customer's address when one is on file. Quoted text is cut. 201 {sessionId, messageId, customerId}; 403 for an unknown or forged address.
         */
        post: operations["receiveInboundEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List campaigns */
        get: operations["listCampaigns"];
        put?: never;
        /**
         * Create a campaign (draft)
         * @description A mobile_push stage whose agent has no push configuration → 422.
         *
         *     Operator roles allowed: admin, manager.
         */
        post: operations["createCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a campaign with per-stage progress */
        get: operations["getCampaign"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a draft campaign
         * @description Operator roles allowed: admin, manager.
         */
        patch: operations["updateCampaign"];
        trace?: never;
    };
    "/api/campaigns/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a campaign
         * @description Operator roles allowed: admin, manager.
         */
        post: operations["startCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a campaign
         * @description Operator roles allowed: admin, manager.
         */
        post: operations["pauseCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a campaign
         * @description Operator roles allowed: admin, manager.
         */
        post: operations["cancelCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a session read up to a message (customer or operator)
         * @description Moves the caller's read position forward to `seq` (never back). Held or scheduled notifications about messages up to it are cancelled with reason `read`, and `session.read` goes out on the stream to the caller's other devices.
         */
        post: operations["markSessionRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/escalation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The escalation ladder */
        get: operations["getEscalation"];
        /**
         * Set the escalation ladder (when each channel fires after a message)
         * @description The routing rules still decide whether a recipient is notified on a channel; a step decides when. At its time a step fires only if the recipient has not read past the message and is offline; otherwise it is cancelled (reason `read` or `online`). Channels not on the ladder, and steps with `afterSeconds: 0`, go at once. Empty lists: every channel at once.
         *
         *     Operator roles allowed: admin, manager.
         */
        put: operations["setEscalation"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/intercom": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Intercom webhook (X-Hub-Signature verified)
         * @description Answers 200 at once and works after. `conversation.admin.replied` → a chat notification to the contact (by external_id) on their devices; other topics are acknowledged and ignored.
         */
        post: operations["receiveIntercomWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/twilio/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Inbound SMS from Twilio (X-Twilio-Signature verified)
         * @description Set this URL (HERALD_PUBLIC_URL + /webhooks/twilio/sms) as the number's "A message comes in" webhook. The text becomes a user message in the customer's SMS session (customer found by phone, created if unknown); answers empty TwiML. 403 on a bad signature.
         */
        post: operations["receiveTwilioSms"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/twilio/sms/{workspace}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Inbound SMS to a workspace's own Twilio number (X-Twilio-Signature verified with its token)
         * @description For a workspace that stored its own Twilio account: set HERALD_PUBLIC_URL + /webhooks/twilio/sms/<workspace id> as its number's "A message comes in" webhook. Verified with that account's auth token; the text becomes a user message of that workspace's customer with that phone (created if unknown). 403 on a bad signature or an unknown workspace.
         */
        post: operations["receiveWorkspaceTwilioSms"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Every error: `{ "error": { "code": "HERALD_…", "message": "…" } }`. */
        Error: {
            error: {
                /**
                 * @description Stable machine-readable code from the catalogue (src/errors.ts); never reused.
                 * @enum {unknown}
                 */
                code: "HERALD_VALIDATION" | "HERALD_BAD_JSON" | "HERALD_BAD_REQUEST" | "HERALD_UNAUTHORIZED" | "HERALD_TOKEN_EXPIRED" | "HERALD_BAD_CREDENTIALS" | "HERALD_BAD_SIGNATURE" | "HERALD_FORBIDDEN" | "HERALD_PASSWORD_LOGIN_DISABLED" | "HERALD_NOT_FOUND" | "HERALD_ROUTE_NOT_FOUND" | "HERALD_CONFLICT" | "HERALD_INVALID_STATE" | "HERALD_INVALID_LINK" | "HERALD_PAYLOAD_TOO_LARGE" | "HERALD_URI_TOO_LONG" | "HERALD_UNSUPPORTED_MEDIA_TYPE" | "HERALD_UNPROCESSABLE" | "HERALD_UNSAFE_URL" | "HERALD_IDEMPOTENCY_MISMATCH" | "HERALD_IDEMPOTENCY_IN_PROGRESS" | "HERALD_RATE_LIMITED" | "HERALD_INTERNAL" | "HERALD_NOT_READY" | "HERALD_NOT_CONFIGURED";
                /** @description One sentence for humans; may change between versions. */
                message: string;
            };
        };
        /** @enum {unknown} */
        Role: "admin" | "manager" | "operator" | "viewer";
        /** @enum {unknown} */
        SessionChannel: "mobile" | "web" | "telegram" | "sms" | "email" | "api";
        /** @enum {unknown} */
        SessionStatus: "bot" | "waiting" | "assigned" | "resolved";
        /** @enum {unknown} */
        MessageRole: "user" | "assistant" | "operator" | "system";
        /** @enum {unknown} */
        AuthorType: "customer" | "ai" | "human" | "system";
        /** @enum {unknown} */
        DeliveryStatus: "queued" | "sending" | "retrying" | "delivered" | "failed" | "skipped" | "cancelled" | "held" | "scheduled";
        /** @enum {unknown} */
        PushEvent: "session.started" | "message.assistant" | "message.user" | "session.transferred";
        /** @enum {unknown} */
        Platform: "mobile" | "tma" | "web";
        /** @enum {unknown} */
        PushProvider: "fcm" | "apns" | "webpush" | "telegram" | "beams" | "onesignal";
        /** @enum {unknown} */
        NotificationCategory: "chat" | "ticket" | "system";
        /** @enum {unknown} */
        CampaignStatus: "draft" | "running" | "paused" | "completed" | "cancelled";
        /** @enum {unknown} */
        StageChannel: "mobile_push" | "telegram" | "email" | "sms";
        /** @enum {unknown} */
        EmailTemplateName: "operator_new_conversation" | "operator_new_message" | "customer_operator_reply" | "digest";
        /** @description A daily window in the recipient's time zone; "22:00"–"07:00" crosses midnight. Push, SMS and email due inside it are held. */
        QuietHours: {
            /** @description Local time, "HH:MM" (seconds optional). */
            start: string;
            /** @description Local time, "HH:MM" (seconds optional). */
            end: string;
        };
        OperatorProfile: {
            soundAlerts: boolean;
            soundLoop: boolean;
        };
        Operator: {
            id: string;
            email: string;
            name: string;
            role: components["schemas"]["Role"];
            departmentIds: string[];
            profile: components["schemas"]["OperatorProfile"];
            disabled: boolean;
            timezone: string | null;
            quietHours: components["schemas"]["QuietHours"] | null;
            /** Format: date-time */
            createdAt: string;
        };
        Department: {
            id: string;
            name: string;
            /** Format: date-time */
            createdAt: string;
        };
        Customer: {
            id: string;
            name: string | null;
            email: string | null;
            phone: string | null;
            locale: string | null;
            timezone: string | null;
            quietHours: components["schemas"]["QuietHours"] | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Agent: {
            id: string;
            name: string;
            hasPushConfig: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Session: {
            id: string;
            agentId: string;
            customerId: string | null;
            channel: components["schemas"]["SessionChannel"];
            status: components["schemas"]["SessionStatus"];
            departmentId: string | null;
            assignedOperatorId: string | null;
            lastOperatorId: string | null;
            lastSeq: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            resolvedAt: string | null;
        };
        Author: {
            type: components["schemas"]["AuthorType"];
            id?: string;
        };
        Message: {
            id: string;
            sessionId: string;
            /** @description 1, 2, 3… within a session: the order, and the cursor for polling. */
            seq: number;
            role: components["schemas"]["MessageRole"];
            author: components["schemas"]["Author"];
            text: string;
            /** Format: date-time */
            createdAt: string;
        };
        PushHeader: {
            name: string;
            /** @description null for a secret header: its value is never returned. */
            value: string | null;
            secret: boolean;
        };
        PushConfig: {
            agentId: string;
            enabled: boolean;
            url: string;
            headers: components["schemas"]["PushHeader"][];
            events: components["schemas"]["PushEvent"][];
            /** @enum {unknown} */
            retry: "standard" | "none";
            disabledReason: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @description Circuit state of a destination (CONTRACT §10).
         * @enum {unknown}
         */
        DestinationState: "healthy" | "open" | "half_open";
        DestinationHealth: {
            state: components["schemas"]["DestinationState"];
            consecutiveFailures: number;
            /** Format: date-time */
            lastSuccessAt?: string;
            /** Format: date-time */
            openedAt?: string;
            disabledReason?: string;
        };
        /** @description A push configuration with the health of its endpoint's destination. */
        PushConfigDetail: {
            agentId: string;
            enabled: boolean;
            url: string;
            headers: components["schemas"]["PushHeader"][];
            events: components["schemas"]["PushEvent"][];
            /** @enum {unknown} */
            retry: "standard" | "none";
            disabledReason: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            health: components["schemas"]["DestinationHealth"];
        };
        Destination: {
            /** @description `webhook:<origin>` or a provider (`fcm`, `apns`, `webpush:<origin>`, `telegram`, `smtp`, `twilio`, `beams`, `onesignal`). */
            key: string;
            /** @enum {unknown} */
            kind: "webhook" | "provider";
            state: components["schemas"]["DestinationState"];
            inFlight: number;
            consecutiveFailures: number;
            /** Format: date-time */
            lastSuccessAt?: string;
            /** Format: date-time */
            openedAt?: string;
            /** Format: date-time */
            nextProbeAt?: string;
        };
        DestinationList: {
            items: components["schemas"]["Destination"][];
        };
        Recipient: {
            /** @enum {unknown} */
            type: "agent" | "customer" | "operator";
            id: string;
        };
        Delivery: {
            id: string;
            eventId: string | null;
            notificationId: string | null;
            channel: string;
            recipient: components["schemas"]["Recipient"];
            agentId: string | null;
            sessionId: string | null;
            customerId: string | null;
            target: string;
            /** @description Where its attempts go (see GET /api/destinations). */
            destination: string;
            status: components["schemas"]["DeliveryStatus"];
            reason: string | null;
            attempts: number;
            /** Format: date-time */
            nextAttemptAt: string | null;
            lastStatusCode: number | null;
            lastError: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description What a customer may know of a delivery: never a status code, a receiver answer or a network error. */
        CustomerDelivery: {
            id: string;
            channel: string;
            status: components["schemas"]["DeliveryStatus"];
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        DeliveryAttempt: {
            attempt: number;
            /** Format: date-time */
            at: string;
            ok: boolean;
            statusCode: number | null;
            latencyMs: number;
            error: string | null;
            /** @description Excerpt of what the receiver answered; secrets redacted. */
            response: string | null;
            /** @description The vendor's id of an accepted message (FCM name, APNs apns-id, Twilio SID). */
            providerMessageId: string | null;
        };
        DeliveryDetail: {
            id: string;
            eventId: string | null;
            notificationId: string | null;
            channel: string;
            recipient: components["schemas"]["Recipient"];
            agentId: string | null;
            sessionId: string | null;
            customerId: string | null;
            target: string;
            /** @description Where its attempts go (see GET /api/destinations). */
            destination: string;
            status: components["schemas"]["DeliveryStatus"];
            reason: string | null;
            attempts: number;
            /** Format: date-time */
            nextAttemptAt: string | null;
            lastStatusCode: number | null;
            lastError: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Any JSON value. */
            payload: unknown;
            attemptLog: components["schemas"]["DeliveryAttempt"][];
        };
        Device: {
            id: string;
            platform: components["schemas"]["Platform"];
            provider: components["schemas"]["PushProvider"];
            /** @description For Web Push only the endpoint's origin is shown, never the keys. */
            token: string;
            appVersion: string | null;
            osVersion: string | null;
            hardwareId: string | null;
            locale: string | null;
            disabled: boolean;
            disabledReason: string | null;
            /** Format: date-time */
            lastSeenAt: string;
            /** Format: date-time */
            createdAt: string;
        };
        NotificationPreferences: {
            chatMessages: boolean;
            ticketUpdates: boolean;
            systemNotices: boolean;
        };
        NotificationAction: {
            id: string;
            title: string;
            input?: boolean;
            destructive?: boolean;
        };
        Notification: {
            id: string;
            recipient: components["schemas"]["Recipient"];
            category: components["schemas"]["NotificationCategory"];
            title: string | null;
            body: string;
            data: {
                [key: string]: string;
            };
            actions: components["schemas"]["NotificationAction"][];
            sessionId: string | null;
            /** Format: date-time */
            createdAt: string;
            deliveries: (components["schemas"]["Delivery"] | components["schemas"]["CustomerDelivery"])[];
        };
        CampaignAudience: {
            customerIds?: string[];
            where?: {
                locale?: string;
                channel?: components["schemas"]["SessionChannel"];
            };
        };
        CampaignStage: {
            channel: components["schemas"]["StageChannel"];
            agentId: string;
            text: string;
            delaySeconds: number;
            sent: number;
            failed: number;
            skipped: number;
            pending: number;
        };
        Campaign: {
            id: string;
            name: string;
            status: components["schemas"]["CampaignStatus"];
            audience: components["schemas"]["CampaignAudience"];
            ratePerSecond: number;
            /** @description Fixed when the campaign starts (0 before). */
            participants: number;
            stages: components["schemas"]["CampaignStage"][];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            finishedAt: string | null;
        };
        ProviderField: {
            key: string;
            label: string;
            /** @description The environment variable that sets it (and then wins). */
            env: string;
            secret: boolean;
            /** @description Secrets come back masked ("••••••") when set, null when not. */
            value: string | null;
            fromEnv: boolean;
        };
        ProviderSettings: {
            name: components["schemas"]["PushProvider"];
            configured: boolean;
            reason: string | null;
            fields: components["schemas"]["ProviderField"][];
        };
        RelaySettings: {
            name: "smtp" | "twilio";
            configured: boolean;
            reason: string | null;
            fields: components["schemas"]["ProviderField"][];
        };
        EmailTemplate: {
            name: components["schemas"]["EmailTemplateName"];
            subject: string;
            text: string;
            html: string;
            /** @description false while Herald's built-in default is used. */
            custom: boolean;
        };
        RenderedEmail: {
            subject: string;
            text: string;
            html: string;
        };
        EmailSettings: {
            /** @enum {unknown} */
            delivery: "immediate" | "digest";
            /** @description Cron pattern (5 fields, or 6 with seconds first). */
            digestSchedule: string;
            digestTimezone: string;
            replyDomain: string | null;
            customerLink: string | null;
        };
        SmsSettings: {
            senderName: string | null;
        };
        ChannelsStatus: {
            telegram: {
                configured: boolean;
                botUsername: string | null;
            };
            sms: {
                configured: boolean;
                from: string | null;
            };
            email: {
                configured: boolean;
                from: string | null;
            };
        };
        Invitation: {
            id: string;
            email: string;
            role: components["schemas"]["Role"];
            /** @description The inviting operator, null for the server key. */
            invitedBy: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
        };
        AuditEntry: {
            id: string;
            /** Format: date-time */
            at: string;
            actor: {
                /** @enum {unknown} */
                type: "operator" | "apiKey" | "system";
                id: string;
                email?: string;
            };
            /** @description e.g. push_config.updated, operator.updated, provider.updated, template.updated. */
            action: string;
            target: {
                type: string;
                id: string;
            };
            /** @description {field: [before, after]}; a secret shows only as "[secret]" / "[secret changed]", never its value. */
            changes: {
                [key: string]: unknown[];
            };
        };
        AuthMethods: {
            /** @description Password sign-in is on (HERALD_PASSWORD_LOGIN). */
            password: boolean;
            /** @description Single sign-on is configured: sign in at GET /api/auth/oidc/start. */
            sso: boolean;
            /** @description Password reset by email is available (password sign-in on and SMTP configured). */
            passwordReset: boolean;
        };
        InvitationCreated: {
            invitation: components["schemas"]["Invitation"];
            /** @description The single-use link (also emailed when SMTP is configured). */
            link: string;
            emailed: boolean;
        };
        InvitationAccepted: {
            operator: components["schemas"]["Operator"];
            /** @description The workspace that invited them; the portal opens in it. */
            workspaceId: string;
        };
        InvitationList: {
            items: components["schemas"]["Invitation"][];
        };
        InvitationLookup: {
            email: string;
            role: components["schemas"]["Role"];
            /** Format: date-time */
            expiresAt: string;
            /** @description The invitee may choose a password. */
            password: boolean;
            /** @description The invitee may sign in with single sign-on instead. */
            sso: boolean;
            /** @description The workspace that invites them. */
            workspace: {
                id: string;
                name: string;
            };
            /** @description The email already has an operator: accepting needs no name or password. */
            existingOperator: boolean;
        };
        AuditPage: {
            items: components["schemas"]["AuditEntry"][];
            nextCursor: string | null;
        };
        WorkspaceCreated: {
            id: string;
            name: string;
            /** @description The new workspace's first server key; shown once, only its hash is kept. */
            apiKey: string;
        };
        Workspace: {
            id: string;
            name: string;
            /** @description The caller's role there; null for a server key. */
            role: components["schemas"]["Role"] | null;
        };
        WorkspaceList: {
            items: components["schemas"]["Workspace"][];
        };
        WorkspaceMember: {
            /** @description The operator's id. */
            id: string;
            email: string;
            name: string;
            role: components["schemas"]["Role"];
            /** Format: date-time */
            joinedAt: string;
        };
        WorkspaceMemberList: {
            items: components["schemas"]["WorkspaceMember"][];
        };
        WorkspaceIdentitySecret: {
            workspaceId: string;
            /** @description The `kid` header customer tokens of this workspace carry. */
            kid: string;
            /** @description The HS256 key customer tokens of this workspace are signed with. */
            secret: string;
        };
        /**
         * @description What the routing rules decided for one candidate on one channel.
         * @enum {unknown}
         */
        DecisionKind: "sent" | "skipped" | "held" | "scheduled" | "cancelled";
        ExplainRecipient: {
            /** @enum {unknown} */
            type: "agent" | "customer" | "operator";
            id: string;
            /** @description Display name (or email) when known. */
            name: string | null;
        };
        RoutingDecision: {
            recipient: components["schemas"]["ExplainRecipient"];
            /** @description `webhook`, `email`, `sms`, `push` or the device provider (`fcm`, `apns`, `webpush`…). */
            channel: string;
            decision: components["schemas"]["DecisionKind"];
            /** @description The rule's name, `<channel family>.<rule>` (e.g. `email.presence`, `push.mute`, `email.audience`). */
            rule: string;
            /** @description One sentence an operator understands. */
            reason: string;
            /** @description The delivery this decision produced; null when it produced none. */
            deliveryId: string | null;
            /** @description That delivery's current status (how sending went). */
            status: string | null;
        };
        ExplainedEvent: {
            id: string;
            type: string;
            /** Format: date-time */
            occurredAt: string;
            sessionId: string | null;
            seq: number | null;
        };
        /** @description Every candidate the routing rules considered for an event, including those who got nothing. */
        Explanation: {
            event: components["schemas"]["ExplainedEvent"];
            decisions: components["schemas"]["RoutingDecision"][];
        };
        AnalyticsBucket: {
            /** Format: date-time */
            t: string;
            delivered: number;
            failed: number;
            skipped: number;
            retrying: number;
            cancelled: number;
            held: number;
            /** @description queued or sending. */
            pending: number;
            total: number;
            /** @description Milliseconds from planning to delivered; null without deliveries. */
            p50Ms: number | null;
            /** @description Milliseconds from planning to delivered; null without deliveries. */
            p95Ms: number | null;
        };
        ChannelStats: {
            delivered: number;
            failed: number;
            skipped: number;
            total: number;
            /** @description delivered ÷ (delivered + failed); null when neither happened. */
            successRate: number | null;
        };
        DestinationStats: {
            key: string;
            channel: string;
            delivered: number;
            failed: number;
            total: number;
            /** @description delivered ÷ (delivered + failed); null when neither happened. */
            successRate: number | null;
            /** @description Milliseconds from planning to delivered; null without deliveries. */
            p95Ms: number | null;
        };
        /** @description Deliveries created in [from, to): counts are exact; latency percentiles are estimated from up to 200 delivered deliveries per bucket and destination. */
        DeliveryAnalytics: {
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            /** @enum {unknown} */
            bucket: "minute" | "hour" | "day";
            /** @description Deliveries created in [from, to) (for the channel, when filtered). */
            total: number;
            buckets: components["schemas"]["AnalyticsBucket"][];
            byChannel: {
                [key: string]: components["schemas"]["ChannelStats"];
            };
            byDestination: components["schemas"]["DestinationStats"][];
        };
        /** @description The escalation ladder: when each channel fires after a message. Empty lists = every channel at once. */
        EscalationSettings: {
            customers: {
                /** @enum {unknown} */
                channel: "push" | "email" | "sms";
                /** @description Delay after the message; 0 = at once. */
                afterSeconds: number;
            }[];
            operators: {
                /** @enum {unknown} */
                channel: "webpush" | "email" | "sms";
                /** @description Delay after the message; 0 = at once. */
                afterSeconds: number;
            }[];
        };
        Health: {
            /** @enum {string} */
            status: "ok";
            version: string;
        };
        Ready: {
            /** @enum {string} */
            status: "ready";
            database: string;
        };
        OperatorEnvelope: {
            operator: components["schemas"]["Operator"];
        };
        CustomerToken: {
            /** @description HS256 JWT for `Authorization: Bearer`. */
            token: string;
            /** Format: date-time */
            expiresAt: string;
        };
        Badge: {
            activeConversations: number;
        };
        SigningSecret: {
            /** @description The whsec_… key receivers verify signatures with. */
            signingSecret: string;
        };
        RotatedSecret: {
            signingSecret: string;
            /**
             * Format: date-time
             * @description Until then both keys sign.
             */
            previousExpiresAt: string;
        };
        TestSendResult: {
            eventId: string;
            delivery: components["schemas"]["Delivery"] | null;
        };
        NotificationCreated: {
            id: string;
            deliveries: components["schemas"]["Delivery"][];
        };
        ActionRecorded: {
            /** @enum {boolean} */
            recorded: true;
            duplicate: boolean;
        };
        VapidKey: {
            publicKey: string;
        };
        PushSettings: {
            messagePreview: boolean;
        };
        EmailTemplateList: {
            items: components["schemas"]["EmailTemplate"][];
            mergeFields: ("recipient_name" | "sender_name" | "sender_profile_image" | "message" | "attachments" | "conversation_link" | "conversation_id")[];
        };
        InboundResult: {
            sessionId: string;
            messageId: string;
            customerId: string;
        };
        Received: {
            /** @enum {boolean} */
            received: true;
        };
        SessionPage: {
            items: components["schemas"]["Session"][];
            /** @description Pass as `cursor` for the next page; null on the last. */
            nextCursor: string | null;
        };
        DeliveryPage: {
            items: components["schemas"]["Delivery"][];
            /** @description Pass as `cursor` for the next page; null on the last. */
            nextCursor: string | null;
        };
        MessageList: {
            items: components["schemas"]["Message"][];
        };
        AgentList: {
            items: components["schemas"]["Agent"][];
        };
        OperatorList: {
            items: components["schemas"]["Operator"][];
        };
        DepartmentList: {
            items: components["schemas"]["Department"][];
        };
        DeviceList: {
            items: components["schemas"]["Device"][];
        };
        CampaignList: {
            items: components["schemas"]["Campaign"][];
        };
        ProviderList: {
            items: components["schemas"]["ProviderSettings"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type Error = components['schemas']['Error'];
export type Role = components['schemas']['Role'];
export type SessionChannel = components['schemas']['SessionChannel'];
export type SessionStatus = components['schemas']['SessionStatus'];
export type MessageRole = components['schemas']['MessageRole'];
export type AuthorType = components['schemas']['AuthorType'];
export type DeliveryStatus = components['schemas']['DeliveryStatus'];
export type PushEvent = components['schemas']['PushEvent'];
export type Platform = components['schemas']['Platform'];
export type PushProvider = components['schemas']['PushProvider'];
export type NotificationCategory = components['schemas']['NotificationCategory'];
export type CampaignStatus = components['schemas']['CampaignStatus'];
export type StageChannel = components['schemas']['StageChannel'];
export type EmailTemplateName = components['schemas']['EmailTemplateName'];
export type QuietHours = components['schemas']['QuietHours'];
export type OperatorProfile = components['schemas']['OperatorProfile'];
export type Operator = components['schemas']['Operator'];
export type Department = components['schemas']['Department'];
export type Customer = components['schemas']['Customer'];
export type Agent = components['schemas']['Agent'];
export type Session = components['schemas']['Session'];
export type Author = components['schemas']['Author'];
export type Message = components['schemas']['Message'];
export type PushHeader = components['schemas']['PushHeader'];
export type PushConfig = components['schemas']['PushConfig'];
export type DestinationState = components['schemas']['DestinationState'];
export type DestinationHealth = components['schemas']['DestinationHealth'];
export type PushConfigDetail = components['schemas']['PushConfigDetail'];
export type Destination = components['schemas']['Destination'];
export type DestinationList = components['schemas']['DestinationList'];
export type Recipient = components['schemas']['Recipient'];
export type Delivery = components['schemas']['Delivery'];
export type CustomerDelivery = components['schemas']['CustomerDelivery'];
export type DeliveryAttempt = components['schemas']['DeliveryAttempt'];
export type DeliveryDetail = components['schemas']['DeliveryDetail'];
export type Device = components['schemas']['Device'];
export type NotificationPreferences = components['schemas']['NotificationPreferences'];
export type NotificationAction = components['schemas']['NotificationAction'];
export type Notification = components['schemas']['Notification'];
export type CampaignAudience = components['schemas']['CampaignAudience'];
export type CampaignStage = components['schemas']['CampaignStage'];
export type Campaign = components['schemas']['Campaign'];
export type ProviderField = components['schemas']['ProviderField'];
export type ProviderSettings = components['schemas']['ProviderSettings'];
export type RelaySettings = components['schemas']['RelaySettings'];
export type EmailTemplate = components['schemas']['EmailTemplate'];
export type RenderedEmail = components['schemas']['RenderedEmail'];
export type EmailSettings = components['schemas']['EmailSettings'];
export type SmsSettings = components['schemas']['SmsSettings'];
export type ChannelsStatus = components['schemas']['ChannelsStatus'];
export type Invitation = components['schemas']['Invitation'];
export type AuditEntry = components['schemas']['AuditEntry'];
export type AuthMethods = components['schemas']['AuthMethods'];
export type InvitationCreated = components['schemas']['InvitationCreated'];
export type InvitationAccepted = components['schemas']['InvitationAccepted'];
export type InvitationList = components['schemas']['InvitationList'];
export type InvitationLookup = components['schemas']['InvitationLookup'];
export type AuditPage = components['schemas']['AuditPage'];
export type WorkspaceCreated = components['schemas']['WorkspaceCreated'];
export type Workspace = components['schemas']['Workspace'];
export type WorkspaceList = components['schemas']['WorkspaceList'];
export type WorkspaceMember = components['schemas']['WorkspaceMember'];
export type WorkspaceMemberList = components['schemas']['WorkspaceMemberList'];
export type WorkspaceIdentitySecret = components['schemas']['WorkspaceIdentitySecret'];
export type DecisionKind = components['schemas']['DecisionKind'];
export type ExplainRecipient = components['schemas']['ExplainRecipient'];
export type RoutingDecision = components['schemas']['RoutingDecision'];
export type ExplainedEvent = components['schemas']['ExplainedEvent'];
export type Explanation = components['schemas']['Explanation'];
export type AnalyticsBucket = components['schemas']['AnalyticsBucket'];
export type ChannelStats = components['schemas']['ChannelStats'];
export type DestinationStats = components['schemas']['DestinationStats'];
export type DeliveryAnalytics = components['schemas']['DeliveryAnalytics'];
export type EscalationSettings = components['schemas']['EscalationSettings'];
export type Health = components['schemas']['Health'];
export type Ready = components['schemas']['Ready'];
export type OperatorEnvelope = components['schemas']['OperatorEnvelope'];
export type CustomerToken = components['schemas']['CustomerToken'];
export type Badge = components['schemas']['Badge'];
export type SigningSecret = components['schemas']['SigningSecret'];
export type RotatedSecret = components['schemas']['RotatedSecret'];
export type TestSendResult = components['schemas']['TestSendResult'];
export type NotificationCreated = components['schemas']['NotificationCreated'];
export type ActionRecorded = components['schemas']['ActionRecorded'];
export type VapidKey = components['schemas']['VapidKey'];
export type PushSettings = components['schemas']['PushSettings'];
export type EmailTemplateList = components['schemas']['EmailTemplateList'];
export type InboundResult = components['schemas']['InboundResult'];
export type Received = components['schemas']['Received'];
export type SessionPage = components['schemas']['SessionPage'];
export type DeliveryPage = components['schemas']['DeliveryPage'];
export type MessageList = components['schemas']['MessageList'];
export type AgentList = components['schemas']['AgentList'];
export type OperatorList = components['schemas']['OperatorList'];
export type DepartmentList = components['schemas']['DepartmentList'];
export type DeviceList = components['schemas']['DeviceList'];
export type CampaignList = components['schemas']['CampaignList'];
export type ProviderList = components['schemas']['ProviderList'];
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ready"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_READY / HERALD_NOT_CONFIGURED: a dependency is not available. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format (version 0.0.4). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in; the cookie is set. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorEnvelope"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_BAD_CREDENTIALS: wrong email or password, or a disabled operator. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PASSWORD_LOGIN_DISABLED: password sign-in is turned off (HERALD_PASSWORD_LOGIN=false); use single sign-on. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_RATE_LIMITED: too many requests; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out; the cookie is cleared. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorEnvelope"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAuthMethods: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthMethods"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startSso: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redirect to the provider (Location header). */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: single sign-on is not configured (HERALD_OIDC_ISSUER). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    finishSso: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redirect to the portal. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: single sign-on is not configured. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    requestPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                };
            };
        };
        responses: {
            /** @description If the email belongs to an active operator, a link is on its way. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PASSWORD_LOGIN_DISABLED: password sign-in is turned off. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_CONFIGURED: SMTP is not configured, so no link can be sent. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    confirmPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description The password is changed; sign in with it. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PASSWORD_LOGIN_DISABLED: password sign-in is turned off. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_INVALID_LINK: the link expired, was already used, or never existed. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_READY / HERALD_NOT_CONFIGURED: a dependency is not available. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listInvitations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationList"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    role: "admin" | "manager" | "operator" | "viewer";
                };
            };
        };
        responses: {
            /** @description Invited. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationCreated"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    lookupInvitation: {
        parameters: {
            query: {
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationLookup"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_INVALID_LINK: expired, used or revoked. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                    name?: string;
                    password?: string;
                };
            };
        };
        responses: {
            /** @description Signed in; the cookie is set. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationAccepted"];
                };
            };
            /** @description HERALD_VALIDATION: a new operator must choose a name and a password. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: the invitation is for an existing operator, and the caller is not signed in as them. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PASSWORD_LOGIN_DISABLED: accept by signing in with single sign-on instead. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_INVALID_LINK: expired, used or revoked. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAudit: {
        parameters: {
            query?: {
                /** @description ISO 8601; entries at or after. */
                from?: string;
                /** @description ISO 8601; entries at or before. */
                to?: string;
                /** @description An operator's id or email, an API key id, or system. */
                actor?: string;
                /** @description An action (operator.updated) or a family (operator). */
                action?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceList"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceCreated"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorkspaceIdentitySecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceIdentitySecret"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaceMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceMemberList"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    addWorkspaceMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    role: "admin" | "manager" | "operator" | "viewer";
                };
            };
        };
        responses: {
            /** @description Added. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceMember"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removeWorkspaceMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                operatorId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWorkspaceMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                operatorId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    role: "admin" | "manager" | "operator" | "viewer";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceMember"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCustomer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    upsertCustomer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string | null;
                    email?: string | null;
                    phone?: string | null;
                    locale?: string | null;
                    timezone?: string | null;
                    quietHours?: {
                        /** @description Local time "HH:MM" (seconds optional: "HH:MM:SS"). */
                        start: string;
                        /** @description Local time "HH:MM"; before start = the next day. */
                        end: string;
                    } | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createCustomerToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ttlSeconds?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerToken"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDepartments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentList"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createDepartment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Department"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listOperators: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorList"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createOperator: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    name: string;
                    role: "admin" | "manager" | "operator" | "viewer";
                    password: string;
                    departmentIds?: string[];
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateOperator: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    role?: "admin" | "manager" | "operator" | "viewer";
                    password?: string;
                    departmentIds?: string[];
                    disabled?: boolean;
                    profile?: {
                        soundAlerts?: boolean;
                        soundLoop?: boolean;
                    };
                    timezone?: string | null;
                    quietHours?: {
                        /** @description Local time "HH:MM" (seconds optional: "HH:MM:SS"). */
                        start: string;
                        /** @description Local time "HH:MM"; before start = the next day. */
                        end: string;
                    } | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAgents: {
        parameters: {
            query?: {
                hasPushConfig?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentList"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createAgent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSessions: {
        parameters: {
            query?: {
                channel?: "mobile" | "web" | "telegram" | "sms" | "email" | "api";
                status?: "bot" | "waiting" | "assigned" | "resolved";
                customerId?: string;
                agentId?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionPage"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key and body within 24 h returns the first response; another body → 422. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agentId: string;
                    channel?: "mobile" | "web" | "telegram" | "sms" | "email" | "api";
                    customerId?: string;
                    departmentId?: string;
                };
            };
        };
        responses: {
            /** @description Created, status "bot". */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorkspaceBadge: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Badge"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    transferSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    departmentId?: string;
                    operatorId?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    assignSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    operatorId: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resolveSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMessages: {
        parameters: {
            query?: {
                after?: number;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageList"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postMessage: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key and body within 24 h returns the first response; another body → 422. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                    role?: "user" | "assistant" | "operator" | "system";
                    operatorId?: string;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    openStream: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless stream of server-sent events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPushConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushConfigDetail"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putPushConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled: boolean;
                    url: string;
                    headers: {
                        name: string;
                        value: string | null;
                        secret: boolean;
                    }[];
                    events: ("session.started" | "message.assistant" | "message.user" | "session.transferred")[];
                    retry?: "standard" | "none";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushConfig"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deletePushConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPushConfigSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningSecret"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotatePushConfigSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedSecret"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    testPushConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestSendResult"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                status?: "queued" | "sending" | "retrying" | "delivered" | "failed" | "skipped" | "cancelled" | "held" | "scheduled";
                channel?: string;
                sessionId?: string;
                customerId?: string;
                agentId?: string;
                eventId?: string;
                notificationId?: string;
                /** @description Created at or after this time (ISO 8601 date-time). */
                from?: string;
                /** @description Created before this time (ISO 8601 date-time). */
                to?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPage"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryDetail"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retryDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    explainEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Explanation"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deliveryAnalytics: {
        parameters: {
            query?: {
                /** @description ISO 8601 date-time; default: 24 hours before `to`. */
                from?: string;
                /** @description ISO 8601 date-time; default: now. */
                to?: string;
                /** @description Default: hour. */
                bucket?: "minute" | "hour" | "day";
                channel?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryAnalytics"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDestinations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DestinationList"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    registerDevice: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    platform: "mobile" | "tma" | "web";
                    token: string;
                    provider?: "fcm" | "apns" | "webpush" | "telegram" | "beams" | "onesignal";
                    appVersion?: string;
                    osVersion?: string;
                    hardwareId?: string;
                    locale?: string;
                };
            };
        };
        responses: {
            /** @description Already registered; updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Registered. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    unregisterDevice: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description Unregistered. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDevices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceList"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    chatMessages?: boolean;
                    ticketUpdates?: boolean;
                    systemNotices?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createNotification: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the same key and body within 24 h returns the first response; another body → 422. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    customerId?: string;
                    operatorId?: string;
                    category: "chat" | "ticket" | "system";
                    title?: string;
                    body: string;
                    data?: {
                        conversationId?: string;
                        ticketId?: string;
                        csat?: boolean;
                        url?: string;
                    };
                    actions?: {
                        id: string;
                        title: string;
                        input?: boolean;
                        destructive?: boolean;
                    }[];
                    idempotencyKey?: string;
                    /** @description Goes at once: bypasses the recipient's quiet hours and the escalation ladder. */
                    urgent?: boolean;
                };
            };
        };
        responses: {
            /** @description Accepted; deliveries planned. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationCreated"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notification"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recordNotificationAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                actionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                    text?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionRecorded"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: the action token is not valid for this notification, or has expired. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getVapidKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VapidKey"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderList"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: "fcm" | "apns" | "webpush" | "telegram" | "beams" | "onesignal";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    values: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderSettings"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPushSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushSettings"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updatePushSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    messagePreview: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushSettings"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEmailTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailTemplateList"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEmailTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailTemplate"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateEmailTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    subject?: string;
                    text?: string;
                    html?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailTemplate"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resetEmailTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The default template, now in use. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailTemplate"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    previewEmailTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    subject?: string;
                    text?: string;
                    html?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderedEmail"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEmailSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailSettings"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateEmailSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    delivery?: "immediate" | "digest";
                    digestSchedule?: string;
                    digestTimezone?: string;
                    replyDomain?: string | null;
                    customerLink?: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailSettings"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSmsSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmsSettings"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSmsSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    senderName?: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmsSettings"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sendTestEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    to: string;
                };
            };
        };
        responses: {
            /** @description Sent (or still pending when `delivery` is null). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestSendResult"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getChannelsStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelsStatus"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSmtpSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelaySettings"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSmtpSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    values: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelaySettings"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTwilioSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelaySettings"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateTwilioSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    values: {
                        [key: string]: string | null;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelaySettings"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    receiveInboundEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    to?: string | string[];
                    from?: string;
                    text?: string;
                    To?: string;
                    OriginalRecipient?: string;
                    From?: string;
                    TextBody?: string;
                    StrippedTextReply?: string;
                };
            };
        };
        responses: {
            /** @description Stored as a user message. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboundResult"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_READY / HERALD_NOT_CONFIGURED: a dependency is not available. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignList"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    audience: {
                        customerIds?: string[];
                        where?: {
                            locale?: string;
                            channel?: "mobile" | "web" | "telegram" | "sms" | "email" | "api";
                        };
                    };
                    stages: {
                        channel: "mobile_push" | "telegram" | "email" | "sms";
                        agentId: string;
                        text: string;
                        delaySeconds?: number;
                    }[];
                    ratePerSecond?: number;
                };
            };
        };
        responses: {
            /** @description Created, status "draft". */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    audience?: {
                        customerIds?: string[];
                        where?: {
                            locale?: string;
                            channel?: "mobile" | "web" | "telegram" | "sms" | "email" | "api";
                        };
                    };
                    stages?: {
                        channel: "mobile_push" | "telegram" | "email" | "sms";
                        agentId: string;
                        text: string;
                        delaySeconds?: number;
                    }[];
                    ratePerSecond?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pauseCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    markSessionRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The last message seen (its `seq`). */
                    seq: number;
                };
            };
        };
        responses: {
            /** @description Recorded. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEscalation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EscalationSettings"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setEscalation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    customers: {
                        /** @enum {unknown} */
                        channel: "push" | "email" | "sms";
                        /** @description Delay after the message; 0 = at once. */
                        afterSeconds: number;
                    }[];
                    operators: {
                        /** @enum {unknown} */
                        channel: "webpush" | "email" | "sms";
                        /** @description Delay after the message; 0 = at once. */
                        afterSeconds: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EscalationSettings"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    receiveIntercomWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description `sha1=` + hex HMAC-SHA1 of the raw body with INTERCOM_CLIENT_SECRET. */
                "x-hub-signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description Intercom's notification JSON (topic, id, data.item); read only after the signature verifies. */
        requestBody: {
            content: {
                "application/json": {
                    topic?: string;
                    id?: string;
                    data?: Record<string, never>;
                };
            };
        };
        responses: {
            /** @description Verified and accepted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Received"];
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_BAD_SIGNATURE: X-Hub-Signature does not match. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_NOT_READY / HERALD_NOT_CONFIGURED: a dependency is not available. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    receiveTwilioSms: {
        parameters: {
            query?: never;
            header?: {
                /** @description Twilio's request signature. */
                "x-twilio-signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description Twilio's message webhook parameters (From, Body, MessageSid, NumMedia, MediaUrl0…). */
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    From: string;
                    Body?: string;
                    MessageSid?: string;
                    NumMedia?: string;
                };
            };
        };
        responses: {
            /** @description Empty TwiML: `<Response/>`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/x-www-form-urlencoded. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    receiveWorkspaceTwilioSms: {
        parameters: {
            query?: never;
            header?: {
                /** @description Twilio's request signature. */
                "x-twilio-signature"?: string;
            };
            path: {
                workspace: string;
            };
            cookie?: never;
        };
        /** @description Twilio's message webhook parameters (From, Body, MessageSid, NumMedia, MediaUrl0…). */
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    From: string;
                    Body?: string;
                    MessageSid?: string;
                };
            };
        };
        responses: {
            /** @description Empty TwiML: `<Response/>`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            /** @description The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_FORBIDDEN: this credential or operator role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/x-www-form-urlencoded. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
