// Property vectors of real training molecules, for conditioning the prior on whole, coherent property
// combinations (settings.condition 'data'): a run without targets samples like the data by asking,
// for each sample, for the logP, QED, SA, MW and TPSA of a random training molecule; with targets, of one
// inside the target boxes. Why it is the default without targets: docs/experiments.md (CONDITION).

/** Rows [n, props.length] in the sampler card's property order (models/mol_zinc/stats.ts writes them). */
export class ConditionTable {
  readonly rows: number;
  readonly #cache = new Map<string, Int32Array>();

  constructor(
    readonly props: readonly string[],
    readonly values: Float32Array,
  ) {
    if (props.length === 0 || values.length % props.length !== 0) {
      throw new Error(`condition table: ${values.length} values do not make rows of ${props.length} properties`);
    }
    this.rows = values.length / props.length;
  }

  static fromBytes(props: readonly string[], bytes: ArrayBuffer | Uint8Array): ConditionTable {
    const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    if (u8.byteLength % 4 !== 0) throw new Error(`condition table: ${u8.byteLength} bytes is not a whole number of float32`);
    // copy: the bytes may sit at an offset that is not a multiple of 4 (a Node Buffer), and a Buffer's slice()
    // does not copy (a small file's Buffer is a view of a shared pool)
    return new ConditionTable(props, new Float32Array(new Uint8Array(u8).buffer));
  }

  /** Indices of the rows inside every box (props[j] in [lo, hi]); cached per set of boxes. */
  inside(boxes: readonly { prop: number; lo: number; hi: number }[]): Int32Array {
    const key = boxes.map((b) => `${b.prop}:${b.lo}:${b.hi}`).join('|');
    let hit = this.#cache.get(key);
    if (!hit) {
      const P = this.props.length;
      const out: number[] = [];
      for (let r = 0; r < this.rows; r++) {
        if (boxes.every((b) => this.values[r * P + b.prop] >= b.lo && this.values[r * P + b.prop] <= b.hi)) out.push(r);
      }
      hit = Int32Array.from(out);
      if (this.#cache.size > 32) this.#cache.clear();
      this.#cache.set(key, hit);
    }
    return hit;
  }
}
