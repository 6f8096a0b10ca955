/**
 * A set of field names for the duplicate check of structured dtypes. A header
 * can hold tens of thousands of freshly sliced names; V8's Set hashes each one
 * through the runtime and rehashes as it grows, which was a fifth of parsing a
 * 4000-field header. An open-addressing table of indices, hashed in JavaScript,
 * costs half as much; equal hashes are settled by comparing the strings, so the
 * answer is exact whatever the names are.
 */
export class NameSet {
  private names: string[] = [];
  private slots: Int32Array;

  /** `expected`: how many names will likely be added, so the table need not grow. */
  constructor(expected: number) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size);
  }

  /** Adds `name`; false when it was already in the set. */
  add(name: string): boolean {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = hashOf(name) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot];
      if (entry === 0) {
        this.names.push(name);
        slots[slot] = this.names.length;
        if (this.names.length * 2 > slots.length) this.grow();
        return true;
      }
      if (this.names[entry - 1] === name) return false;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.names.length; index++) {
      let slot = hashOf(this.names[index]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}

/** FNV-1a over UTF-16 code units, finished so that the low bits depend on every unit. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5 ^ text.length;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash ^ (hash >>> 16);
}
