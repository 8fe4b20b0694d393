/**
 * The push providers of every workspace (issue 15): one ProviderRegistry per workspace, built on
 * first use from that workspace's stored settings (and the environment where it may use it),
 * kept for the life of the process, and reloaded when its settings change — on this process at
 * once, on the others of a cluster through the bus. Senders pick the registry of the delivery's
 * workspace: once built, that is one Map get.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Bus } from '../bus/bus.js';
import type { PushProviderName } from '../core/devices.js';
import { DEFAULT_WORKSPACE, type WorkspaceId } from '../store/workspace-scope.js';
import { guardedAgent } from '../security/url-guard.js';
import { envUseOf } from './provider-fields.js';
import { ProviderRegistry, type RegistryDeps } from './registry.js';

/** Published when a workspace's provider settings changed, so every process rebuilds that provider. */
const TOPIC = 'providers:changed';
interface Changed {
  workspace: string;
  provider: PushProviderName;
  from: string;
}

export type WorkspaceProvidersDeps = Omit<RegistryDeps, 'workspace' | 'env' | 'dispatcher'> & {
  bus: Bus;
  /** HERALD_SHARE_ENV_PROVIDERS: other workspaces fall back to the environment's providers. */
  shareEnv: boolean;
  log: Logger;
};

export class WorkspaceProviders {
  private readonly ready = new Map<string, ProviderRegistry>();
  private readonly building = new Map<string, Promise<ProviderRegistry>>();
  private readonly dispatcher;
  private readonly node = randomUUID();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(private readonly deps: WorkspaceProvidersDeps) {
    this.dispatcher = guardedAgent({ keepAliveTimeout: 30_000, allowPrivate: deps.allowPrivate });
    this.unsubscribe = deps.bus.subscribe(TOPIC, (m) => {
      const { workspace, provider, from } = m as Changed;
      if (from === this.node) return;
      // Not built here: it reads the new settings when it is. Being built: it may have read the old ones.
      const registry = this.ready.get(workspace) ?? this.building.get(workspace);
      void Promise.resolve(registry)
        .then((r) => r?.reload(provider))
        .catch((err: unknown) => deps.log.error({ err, workspace, provider }, 'reloading a provider after a settings change failed'));
    });
  }

  /** Builds workspace `default` at start: its configuration problems belong in the start-up log. */
  async init(): Promise<void> {
    await this.of(DEFAULT_WORKSPACE);
  }

  /** The registry of a workspace already built, or undefined (the hot path: one Map get). */
  built(workspace: string): ProviderRegistry | undefined {
    return this.ready.get(workspace);
  }

  /** The registry of a workspace, built on first use (concurrent callers share one build). */
  of(workspace: WorkspaceId): Promise<ProviderRegistry> {
    const ready = this.ready.get(workspace);
    if (ready) return Promise.resolve(ready);
    let pending = this.building.get(workspace);
    if (!pending) {
      pending = this.build(workspace).finally(() => this.building.delete(workspace));
      this.building.set(workspace, pending);
    }
    return pending;
  }

  /** Stores a workspace's provider settings and rebuilds that provider here and on every other process. */
  async update(workspace: WorkspaceId, name: PushProviderName, input: Record<string, string | null>): Promise<void> {
    await (await this.of(workspace)).update(name, input);
    await this.deps.bus.publish(TOPIC, { workspace, provider: name, from: this.node } satisfies Changed);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    await Promise.allSettled(this.building.values());
    await Promise.all([...this.ready.values()].map((r) => r.closeAll()));
    this.ready.clear();
    await this.dispatcher.close();
  }

  private async build(workspace: WorkspaceId): Promise<ProviderRegistry> {
    const registry = new ProviderRegistry({ ...this.deps, workspace, env: envUseOf(workspace, this.deps.shareEnv), dispatcher: this.dispatcher });
    await registry.init();
    if (this.closed) {
      await registry.closeAll();
      throw new Error('the push providers are closed (Herald is stopping)');
    }
    this.ready.set(workspace, registry);
    return registry;
  }
}
