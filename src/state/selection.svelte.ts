// The candidate the user is looking at, shared by the table, every plot and the 3D view; picking one
// starts its 3D conformer in a worker of its own. Latest pick wins: a stale conformer is cancelled.
import { conformerBridge } from '../bridge/conformer';
import { isAbort } from '../bridge/worker-bridge';
import type { Candidate } from './db-types';

export const candidateKey = (c: Pick<Candidate, 'runId' | 'index'>): string => `${c.runId}:${c.index}`;

export class Selection {
  candidate = $state.raw<Candidate | null>(null);
  molblock = $state.raw<string | null>(null);
  energy = $state<number | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** 3D molblocks computed so far, by SMILES: the SDF export includes them. */
  readonly conformers = new Map<string, string>();
  #bridge = conformerBridge();
  #ctl: AbortController | null = null;

  get key(): string | null {
    return this.candidate ? candidateKey(this.candidate) : null;
  }

  async select(c: Candidate | null): Promise<void> {
    this.#ctl?.abort();
    this.candidate = c;
    this.error = null;
    this.energy = null;
    this.molblock = c ? (this.conformers.get(c.repr) ?? null) : null;
    // crystals are drawn from their CIF in their unit cell: no conformer to compute
    if (!c || !c.repr || this.molblock || c.kind !== 'molecule') return;
    const ctl = new AbortController();
    this.#ctl = ctl;
    this.loading = true;
    try {
      const conf = await this.#bridge.call((api) => api.conformer(c.repr, { seed: 42 }), { signal: ctl.signal });
      this.conformers.set(c.repr, conf.molblock);
      if (this.#ctl === ctl) {
        this.molblock = conf.molblock;
        this.energy = conf.energy;
      }
    } catch (e) {
      if (!isAbort(e) && this.#ctl === ctl) this.error = `No 3D structure for ${c.repr}: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      if (this.#ctl === ctl) this.loading = false;
    }
  }
}
