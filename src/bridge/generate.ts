// One generation run spread over several chemistry workers: each takes every n-th batch (the batches
// are seeded by their number, so the molecules do not depend on how many workers there are), and the
// batches are handed on in their order, with duplicates across workers removed here, so the run's
// candidates come out the same on a 2-core laptop and a 16-core workstation.
import { planOf, type BaseSettings, type BatchReport } from '../contract/generator';
import type { GenerateSummary } from '../contract/compute';
import type { ChemAPI } from '../../workers/chem.worker';
import { abortError, streamed, WorkerCrashedError, type Progress, type WorkerBridge } from './worker-bridge';

export interface PoolRunOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Called once per batch, in batch order; awaited before the next batch is handed on. */
  onBatch?: (b: BatchReport) => Promise<void>;
  /** A worker crashed or went silent and its share is being run again (the reason). */
  onRetry?: (reason: string) => void;
}

export async function generateOnPool(
  pool: readonly WorkerBridge<ChemAPI>[],
  generatorId: string,
  settings: BaseSettings,
  opts: PoolRunOptions = {},
): Promise<GenerateSummary & { workers: number; retries: number }> {
  const plan = planOf(settings);
  const workers = pool.slice(0, Math.max(1, Math.min(pool.length, plan.length)));
  // One worker failing stops the others: link the caller's signal to our own.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (opts.signal?.aborted) throw abortError();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const done = workers.map(() => 0);
  const waiting = new Map<number, BatchReport>();
  const seen = new Set<string>();
  let next = 0;
  let crossDuplicates = 0;
  let retries = 0;
  let novel = 0;
  let chain = Promise.resolve();
  const handOn = async (b: BatchReport) => {
    if (b.batch < next || waiting.has(b.batch)) return; // a retried share repeats batches already handed on
    waiting.set(b.batch, b);
    for (let x = waiting.get(next); x; x = waiting.get(next)) {
      waiting.delete(next++);
      const fresh = x.candidates.filter((c) => !seen.has(c.key));
      for (const c of fresh) seen.add(c.key);
      novel += fresh.filter((c) => c.novel).length;
      crossDuplicates += x.candidates.length - fresh.length;
      if (!stop.signal.aborted) await opts.onBatch?.({ ...x, candidates: fresh, duplicates: x.duplicates + x.candidates.length - fresh.length });
    }
  };
  // Batches are queued so that onBatch never runs twice at once, whichever worker finishes first.
  const onBatch = streamed((b: BatchReport) => (chain = chain.then(() => handOn(b))));

  try {
    // A share whose worker crashed or went silent is run once more on a fresh worker (the batches are seeded by
    // their number, so it makes the same molecules; those already handed on are skipped); a second failure fails the run.
    const share = (bridge: WorkerBridge<ChemAPI>, i: number, retried = false): Promise<GenerateSummary> =>
      bridge
        .call((api, progress) => api.generate(generatorId, settings, progress, onBatch, { index: i, count: workers.length }), {
          signal: stop.signal,
          onProgress: (p) => {
            done[i] = p.done;
            opts.onProgress?.({ done: done.reduce((a, b) => a + b, 0), total: settings.count });
          },
        })
        .catch((e) => {
          if (!retried && e instanceof WorkerCrashedError && !stop.signal.aborted) {
            retries++;
            opts.onRetry?.(e.message);
            return share(bridge, i, true);
          }
          stop.abort();
          throw e;
        });
    const parts = await Promise.all(workers.map((bridge, i) => share(bridge, i)));
    await chain;
    const sum = (k: 'sampled' | 'unsure' | 'valid' | 'invalid' | 'duplicates') => parts.reduce((a, p) => a + p[k], 0);
    // Stage times add up over workers; the wall time is the slowest worker's.
    const ms: Record<string, number> = {};
    for (const p of parts) for (const [k, v] of Object.entries(p.ms)) ms[k] = k === 'total' ? Math.max(ms.total ?? 0, v) : (ms[k] ?? 0) + v;
    return {
      sampled: sum('sampled'),
      unsure: sum('unsure'),
      valid: sum('valid'),
      invalid: sum('invalid'),
      duplicates: sum('duplicates') + crossDuplicates,
      unique: seen.size,
      novel,
      ms,
      backendInfo: parts[0].backendInfo,
      workers: workers.length, // a run of fewer batches than workers leaves some idle
      retries,
    };
  } catch (e) {
    // The caller's cancel surfaces as an AbortError even if a worker reported first.
    if (opts.signal?.aborted) throw abortError();
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
