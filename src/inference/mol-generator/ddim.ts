// DDIM on the variance-preserving cosine schedule with v-prediction, as the models were trained
// (models/mol_zinc/prior.py). Pure arithmetic on flat [B, Z] arrays.

export function alphaSigma(t: number): [number, number] {
  return [Math.cos((Math.PI / 2) * t), Math.sin((Math.PI / 2) * t)];
}

/** One deterministic step from time t to s < t, in place on z. */
export function ddimStep(z: Float32Array, v: Float32Array, t: number, s: number): void {
  const [at, st] = alphaSigma(t);
  const [as, ss] = alphaSigma(s);
  for (let i = 0; i < z.length; i++) {
    const x = at * z[i] - st * v[i];
    const eps = st * z[i] + at * v[i];
    z[i] = as * x + ss * eps;
  }
}

/** The run's estimate of its end point (x at t = 0) from z at time t and the model's v there. */
export function endEstimate(z: Float32Array, v: Float32Array, t: number): Float32Array {
  const [at, st] = alphaSigma(t);
  return z.map((zi, i) => at * zi - st * v[i]);
}

/** The k+1 times of a k-step sampler on the uniform grid: 1, (k-1)/k, ..., 0. */
export function timeGrid(k: number): number[] {
  return Array.from({ length: k + 1 }, (_, i) => (k - i) / k);
}

/** Start a partial run from a known latent x (normalised): z_t = alpha_t x + sigma_t eps. */
export function noiseTo(x: Float32Array, eps: Float32Array, t: number): Float32Array {
  const [a, s] = alphaSigma(t);
  return x.map((xi, i) => a * xi + s * eps[i]);
}
