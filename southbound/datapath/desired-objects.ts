import type { KernelObject } from './kernel-object.js';

/**
 * The kernel objects the goal state wants, by what each goal-state entry contributes. Entries may
 * share an object (every port of a remote host wants its flood entry): it stays while one still does.
 */
export class DesiredObjects {
  private readonly byEntry = new Map<string, readonly KernelObject[]>();
  private readonly objects = new Map<string, { object: KernelObject; count: number }>();
  private readonly onDevice = new Map<string, Set<string>>();

  /** Sets what one entry contributes; returns the keys whose desired object changed. */
  set(entry: string, objects: readonly KernelObject[], changed: Set<string>): void {
    for (const object of this.byEntry.get(entry) ?? []) {
      const held = this.objects.get(object.key)!;
      held.count -= 1;
      if (held.count === 0) {
        this.objects.delete(object.key);
        this.onDevice.get(object.device)?.delete(object.key);
        changed.add(object.key);
      }
    }
    if (objects.length === 0) this.byEntry.delete(entry);
    else this.byEntry.set(entry, objects);
    for (const object of objects) {
      const held = this.objects.get(object.key);
      if (held && held.object.spec === object.spec) held.count += 1;
      else {
        this.objects.set(object.key, { object, count: (held?.count ?? 0) + 1 });
        const keys = this.onDevice.get(object.device) ?? new Set<string>();
        keys.add(object.key);
        this.onDevice.set(object.device, keys);
        changed.add(object.key);
      }
    }
  }

  clear(): void {
    this.byEntry.clear();
    this.objects.clear();
    this.onDevice.clear();
  }

  get(key: string): KernelObject | undefined {
    return this.objects.get(key)?.object;
  }

  keys(): Iterable<string> {
    return this.objects.keys();
  }

  /** The keys of objects living on a device. */
  on(device: string): Iterable<string> {
    return this.onDevice.get(device) ?? [];
  }
}
