import { isGone } from './errors.js';
import type { HeraldHttp } from './http.js';
import type { Device, DeviceRegistration, KeyValueStorage, Platform, PushProvider } from './types.js';

const DEFAULT_PROVIDER: Record<Platform, PushProvider> = { mobile: 'fcm', web: 'webpush', tma: 'telegram' };

export function withDefaultProvider(reg: DeviceRegistration): DeviceRegistration & { provider: PushProvider } {
  return { ...reg, provider: reg.provider ?? DEFAULT_PROVIDER[reg.platform] };
}

interface Tracked {
  platform: Platform;
  provider: PushProvider;
  token: string;
}

interface Saved {
  registered: Tracked[];
  /** Unregisters that failed (offline at sign-out, say): retried by the next client for this user. */
  pendingRemoval: string[];
}

/**
 * The devices this client registered for its user, remembered in `storage` when given, so that
 * teardown and token rotation also reach tokens registered by an earlier run of the app.
 */
export class DeviceRegistry {
  private readonly tracked = new Map<string, Tracked>();
  private readonly pendingRemoval = new Set<string>();
  // Device calls run one at a time: a register and an unregister of the same token must reach
  // the server in the order the app made them.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly http: HeraldHttp,
    private readonly storage: KeyValueStorage | undefined,
    private readonly storageKey: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  get tokens(): string[] {
    return [...this.tracked.keys()];
  }

  async load(): Promise<void> {
    if (!this.storage) return;
    try {
      const raw = await this.storage.getItem(this.storageKey);
      if (!raw) return;
      const saved = JSON.parse(raw) as Partial<Saved>;
      for (const t of saved.registered ?? []) this.tracked.set(t.token, t);
      for (const t of saved.pendingRemoval ?? []) this.pendingRemoval.add(t);
    } catch (err) {
      // A broken storage entry must not stop the app from registering afresh.
      this.onError(err);
    }
  }

  /** Tokens remembered for the same kind of device, other than `token`. */
  othersOfKind(platform: Platform, provider: PushProvider, token: string): string[] {
    return [...this.tracked.values()].filter((t) => t.platform === platform && t.provider === provider && t.token !== token).map((t) => t.token);
  }

  /** The most recently registered device of a platform. */
  latest(platform: Platform): Tracked | undefined {
    return [...this.tracked.values()].filter((t) => t.platform === platform).pop();
  }

  register(input: DeviceRegistration): Promise<Device> {
    return this.serial(() => this.doRegister(input));
  }

  unregister(token: string): Promise<void> {
    return this.serial(async () => {
      await this.http.json('POST', '/api/devices/unregister', { token });
      await this.forget(token);
    });
  }

  /** Registers `next`, then removes each of `old`; a removal that fails is retried later. */
  replace(next: DeviceRegistration, old: string[]): Promise<Device> {
    return this.serial(async () => {
      // New first: the device is never left without a registration in between.
      const device = await this.doRegister(next);
      for (const token of old) if (token !== next.token) await this.removeQuietly(token);
      return device;
    });
  }

  /** Retries unregisters an earlier run could not finish, except tokens registered again since. */
  flushPending(): Promise<void> {
    return this.serial(async () => {
      for (const token of [...this.pendingRemoval]) if (!this.tracked.has(token)) await this.removeQuietly(token);
    });
  }

  /** Unregisters everything; rejects with the first failure after trying them all. */
  removeAll(): Promise<void> {
    return this.serial(async () => {
      const failures: unknown[] = [];
      for (const token of new Set([...this.tracked.keys(), ...this.pendingRemoval])) {
        const err = await this.removeQuietly(token);
        if (err) failures.push(err);
      }
      if (failures.length > 0) throw failures[0];
    });
  }

  private async doRegister(input: DeviceRegistration): Promise<Device> {
    const body = withDefaultProvider(input);
    const device = await this.http.json<Device>('POST', '/api/devices/register', body);
    // Delete first so the map's order stays "most recently registered last".
    this.tracked.delete(body.token);
    this.tracked.set(body.token, { platform: body.platform, provider: body.provider, token: body.token });
    this.pendingRemoval.delete(body.token);
    await this.save();
    return device;
  }

  /** Returns the error instead of throwing; "already gone" counts as success. */
  private async removeQuietly(token: string): Promise<unknown> {
    try {
      await this.http.json('POST', '/api/devices/unregister', { token });
    } catch (err) {
      if (!isGone(err)) {
        this.tracked.delete(token);
        this.pendingRemoval.add(token);
        await this.save();
        this.onError(err);
        return err;
      }
    }
    await this.forget(token);
    return undefined;
  }

  private async forget(token: string): Promise<void> {
    this.tracked.delete(token);
    this.pendingRemoval.delete(token);
    await this.save();
  }

  private async save(): Promise<void> {
    if (!this.storage) return;
    try {
      if (this.tracked.size === 0 && this.pendingRemoval.size === 0) {
        await this.storage.removeItem(this.storageKey);
      } else {
        const saved: Saved = { registered: [...this.tracked.values()], pendingRemoval: [...this.pendingRemoval] };
        await this.storage.setItem(this.storageKey, JSON.stringify(saved));
      }
    } catch (err) {
      this.onError(err);
    }
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
