// The one place that loads 3Dmol.js and frees a viewer, for the molecule and crystal viewers alike.
import type { GLViewer } from '3dmol';

export type Lib = typeof import('3dmol');
let lib: Promise<Lib> | null = null;

/** 3Dmol is ~0.5 MB minified: fetched on the first structure shown, then shared by every viewer. */
export function load3Dmol(): Promise<Lib> {
  lib ??= import('3dmol')
    .then((m) => {
      // 3Dmol ships a webpack UMD bundle: its API may sit on the CommonJS default export.
      const api = ((m as unknown as { default?: Lib }).default ?? m) as Lib;
      // Surfaces of small molecules take milliseconds: skip the blob workers 3Dmol would start.
      api.setSyncSurface(true);
      return api;
    })
    .catch((e) => {
      lib = null;
      throw e;
    });
  return lib;
}

/**
 * 3Dmol keeps window/body listeners it never removes, so a viewer object outlives its component; free what it
 * holds instead: the scene, its observers, and above all the WebGL context (browsers allow only a handful).
 */
export function destroyViewer(v: GLViewer): void {
  v.clear();
  const priv = v as unknown as { divwatcher?: { disconnect(): void }; intwatcher?: { disconnect(): void } };
  priv.divwatcher?.disconnect();
  priv.intwatcher?.disconnect();
  const canvas = v.getCanvas();
  (canvas.getContext('webgl2') ?? canvas.getContext('webgl'))?.getExtension('WEBGL_lose_context')?.loseContext();
  canvas.remove();
}
