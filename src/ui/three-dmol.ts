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
 * A viewer in `host`, with the library it came from; or an Error whose message says what the user can act on.
 * Without WebGL, 3Dmol's own error is a TypeError deep in its renderer.
 */
export async function openViewer(host: HTMLElement): Promise<{ api: Lib; viewer: GLViewer }> {
  const unavailable = (e?: unknown) =>
    new Error(
      hasWebGL()
        ? `The 3D viewer could not start${e === undefined ? '' : ` (${e instanceof Error ? e.message : String(e)})`}.`
        : 'The 3D view needs WebGL, which this browser has turned off or does not support.',
    );
  let api: Lib;
  let viewer: GLViewer | null | undefined;
  try {
    api = await load3Dmol();
    viewer = api.createViewer(host, { backgroundColor: 'white', antialias: true });
  } catch (e) {
    throw unavailable(e);
  }
  if (!viewer) throw unavailable();
  return { api, viewer };
}

/** Asked only after a failure, so a working page never spends a WebGL context on the probe. */
function hasWebGL(): boolean {
  try {
    const c = document.createElement('canvas');
    const gl = c.getContext('webgl2') ?? c.getContext('webgl');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return gl !== null;
  } catch {
    return false;
  }
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
