// What crosses the boundary between the page and the compute workers: progress and the backend in use.

export interface Progress {
  done: number;
  total: number;
  message?: string;
}
export type ProgressFn = (p: Progress) => void;

export type Backend = 'webgpu' | 'wasm';

export interface BackendInfo {
  backend: Backend;
  /** WebGPU adapter is a software one (SwiftShader): correct but slow. null on WASM. */
  fallbackAdapter: boolean | null;
  adapter: string;
  threads: number;
  /** Why the engine is not on WebGPU, or what went wrong with it; shown to the user. */
  notice?: string;
}

/** What one worker's share of a generation run came to. */
export interface GenerateSummary {
  sampled: number;
  /** Samples set aside before checking (BatchReport.unsure), on top of `sampled`. */
  unsure: number;
  valid: number;
  unique: number;
  novel: number;
  invalid: number;
  duplicates: number;
  /** Milliseconds per stage (the family's names) and `total`, the wall time. */
  ms: Record<string, number>;
  backendInfo: BackendInfo;
}
