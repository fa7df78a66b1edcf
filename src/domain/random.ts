// Seeded randomness: the same seed gives the same run, in every browser and in Node.

/** xoshiro128** (Blackman & Vigna 2018), seeded through splitmix32; returns floats in [0, 1). */
export class Rng {
  #s = new Uint32Array(4);

  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32 spreads one 32-bit seed over the four state words
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.#s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.#s.every((v) => v === 0)) this.#s[0] = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream simple to reason about). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  fillNormal(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  /** An independent stream for a sub-task (e.g. batch k of a run), derived from this one's seed. */
  static derive(seed: number, k: number): Rng {
    return new Rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca77)) >>> 0);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Sample an index from logits[offset .. offset + n) at a temperature (softmax sampling); 0 = greedy (argmax). */
export function sampleLogits(logits: Float32Array, offset: number, n: number, temperature: number, rng: Rng, banned: readonly number[] = []): number {
  let max = -Infinity;
  let best = 0;
  for (let j = 0; j < n; j++) {
    if (!banned.includes(j) && logits[offset + j] > max) {
      max = logits[offset + j];
      best = j;
    }
  }
  if (temperature === 0) return best;
  let total = 0;
  const p = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    p[j] = banned.includes(j) ? 0 : Math.exp((logits[offset + j] - max) / temperature);
    total += p[j];
  }
  let u = rng.next() * total;
  for (let j = 0; j < n; j++) {
    u -= p[j];
    if (u < 0) return j;
  }
  // rounding left u a hair above zero: the last allowed index
  for (let j = n - 1; j >= 0; j--) if (p[j] > 0) return j;
  return 0;
}

/** log p(id) under softmax(logits[offset .. offset + n)) at temperature 1, banned indices excluded. */
export function tokenLogProb(logits: Float32Array, offset: number, n: number, id: number, banned: readonly number[] = []): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (!banned.includes(j) && logits[offset + j] > max) max = logits[offset + j];
  let total = 0;
  for (let j = 0; j < n; j++) if (!banned.includes(j)) total += Math.exp(logits[offset + j] - max);
  return logits[offset + id] - max - Math.log(total);
}
