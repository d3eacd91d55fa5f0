/**
 * KeyIndex maps merge key ids to what holds them, for one list of the Pod being built. Every
 * admission indexes each list a preset adds to (a container's env, its mounts, the tolerations),
 * and such lists hold a handful of items: a Map per list, grown and rehashed, with every key
 * string hashed, cost more than the rest of the merge. Up to SMALL keys they sit in one array,
 * id then value, searched in order; past it they move to a Map, so a Pod with thousands of items
 * stays linear.
 */
const SMALL = 16;

export class KeyIndex<Value> {
  /** id, value, id, value, … while small. */
  private slots: unknown[] = [];
  private map: Map<string, Value> | undefined;

  private find(id: string): number {
    const { slots } = this;
    for (let i = 0; i < slots.length; i += 2) if (slots[i] === id) return i;
    return -1;
  }

  get(id: string): Value | undefined {
    if (this.map) return this.map.get(id);
    const at = this.find(id);
    return at === -1 ? undefined : (this.slots[at + 1] as Value);
  }

  has(id: string): boolean {
    return this.map ? this.map.has(id) : this.find(id) !== -1;
  }

  set(id: string, value: Value): void {
    if (this.map) {
      this.map.set(id, value);
      return;
    }
    const at = this.find(id);
    if (at !== -1) {
      this.slots[at + 1] = value;
      return;
    }
    this.slots.push(id, value);
    if (this.slots.length > 2 * SMALL) {
      this.map = new Map();
      for (let i = 0; i < this.slots.length; i += 2)
        this.map.set(this.slots[i] as string, this.slots[i + 1] as Value);
      this.slots = [];
    }
  }

  delete(id: string): void {
    if (this.map) {
      this.map.delete(id);
      return;
    }
    const at = this.find(id);
    if (at !== -1) this.slots.splice(at, 2);
  }
}
