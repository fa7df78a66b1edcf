// Minimum-cost assignment (Hungarian method with potentials, O(n²m)) for the structure matcher's site
// mapping. cost is n rows × m columns with n ≤ m; returns the column of each row and the total cost.
export function linearAssignment(cost: Float64Array[], m: number): { cols: Int32Array; total: number } {
  const n = cost.length;
  if (n > m) throw new Error('linearAssignment: more rows than columns');
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row (1-based) assigned to column j; 0 = none
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      const row = cost[i0 - 1];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = row[j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const cols = new Int32Array(n);
  let total = 0;
  for (let j = 1; j <= m; j++)
    if (p[j]) {
      cols[p[j] - 1] = j - 1;
      total += cost[p[j] - 1][j - 1];
    }
  return { cols, total };
}
