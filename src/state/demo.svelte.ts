// The stage demo: a scripted tour of the real studio for a conference screen, in large type, looping until a key
// is pressed: a design target, a run on this laptop, the hits, the Pareto front, the best candidate turning in
// 3D, and what the run cost. It drives the same state a user does (Generation, Selection), so what the audience
// sees is the studio working, not a recording. A lost WebGPU device mid-run is the engine's to survive (it moves
// to WASM and redoes the batch); the demo says so and goes on.
import type { Generation } from './generation.svelte';
import type { Selection } from './selection.svelte';
import type { Projects } from './projects.svelte';
import type { CostModel } from './cost.svelte';
import type { Compute } from './compute.svelte';
import type { Candidate } from './db-types';
import { formatCO2, formatEnergy } from '../domain/energy/cost';

export interface DemoHooks {
  generation: Generation;
  selection: Selection;
  projects: Projects;
  cost: CostModel;
  compute: Compute;
  /** Show a plot ('pareto' for the front, 'scatter' to go back). */
  showPlot(tab: 'scatter' | 'pareto'): void;
  /** The candidate ranked best on the objectives (Pareto rank 1), if any. */
  best(): Candidate | null;
}

/** Seconds each caption stays up (scaled by `pace` so the tests can run the loop quickly). */
const HOLD = { target: 4, hits: 5, pareto: 5, spin: 7, cost: 6 };

export class Demo {
  running = $state(false);
  /** Step number and title in large type, and the line under it. */
  step = $state(0);
  title = $state('');
  line = $state('');
  /** Completed loops (the tests wait for two). */
  loops = $state(0);
  readonly #h: DemoHooks;
  #stop: (() => void) | null = null;
  pace = 1;

  constructor(hooks: DemoHooks) {
    this.#h = hooks;
  }

  #wait(seconds: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, seconds * 1000 * this.pace);
      this.#stop = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  #show(step: number, title: string, line: string) {
    this.step = step;
    this.title = title;
    this.line = line;
  }

  /** `pace` scales the captions' hold times and `count` is each run's size (the tests shorten both). */
  async start(pace = 1, count = 1000): Promise<void> {
    if (this.running) return;
    this.pace = pace;
    this.running = true;
    this.loops = 0;
    const { generation: g, selection, projects, cost } = this.#h;
    try {
      while (this.running) {
        const ex = g.nextExample();
        g.values = { ...g.values, count };
        this.#show(1, ex ? `A design target: ${ex.label}` : 'A design target', ex?.why ?? '');
        await this.#wait(HOLD.target);
        if (!this.running) break;
        this.#show(2, `Generating ${count.toLocaleString('en')} candidates on this laptop`, 'Small distilled models, in this browser, no server, no cluster.');
        const backendBefore = this.#h.compute.backend?.backend;
        const run = g.generate();
        const ticker = setInterval(() => {
          const n = projects.candidates.length;
          if (g.running) this.line = `${n.toLocaleString('en')} so far · on ${this.#h.compute.backend?.backend === 'webgpu' ? 'the GPU (WebGPU)' : 'the CPU (WebAssembly)'}`;
        }, 200);
        await run;
        clearInterval(ticker);
        if (!this.running) break;
        const moved = backendBefore === 'webgpu' && this.#h.compute.backend?.backend === 'wasm';
        if (g.error) {
          this.#show(3, 'The run stopped', `${g.error}. Starting the next one.`);
          await this.#wait(HOLD.hits);
          continue;
        }
        this.#show(3, 'Hits in the target box', `${(g.summary ?? '').split('. ')[0]}.${moved ? ' The GPU was lost mid-run: the studio finished on the CPU.' : ''}`);
        await this.#wait(HOLD.hits);
        if (!this.running) break;
        this.#h.showPlot('pareto');
        this.#show(4, 'The best trade-offs', 'The Pareto front: no candidate on it can be improved on one objective without losing on another.');
        await this.#wait(HOLD.pareto);
        if (!this.running) break;
        const best = this.#h.best();
        if (best) void selection.select(best);
        this.#show(5, 'The best one, in 3D', best ? `${best.tags?.formula ?? best.repr}` : '');
        await this.#wait(HOLD.spin);
        if (!this.running) break;
        const r = projects.runs[0];
        const c = r ? cost.ofRun(r) : null;
        const secs = ((r?.timings.wallMs ?? 0) / 1000).toFixed(1);
        const bf = r ? cost.bruteForce(r) : null;
        const vs = bf && c ? ` — GFN2-xTB on each would take ≈ ${Math.round(bf.seconds / 60).toLocaleString('en')} min of one core, ≈ ${Math.round(bf.cost.joules / Math.max(c.joules, 1e-9)).toLocaleString('en')}× the energy` : '';
        this.#show(6, 'What it cost', c ? `${secs} s on this laptop · ≈ ${formatEnergy(c.joules)} · ≈ ${formatCO2(c.gramsCO2e)} CO2e${vs} (estimates)` : 'Time and energy of this run are in the cost line.');
        await this.#wait(HOLD.cost);
        this.#h.showPlot('scatter');
        this.loops++;
      }
    } finally {
      this.running = false;
      this.#h.showPlot('scatter');
    }
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.#stop?.();
    this.#h.generation.cancel();
  }
}
