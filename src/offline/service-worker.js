// Lodestone's service worker: the studio keeps working without a network once its files are in this browser.
// Built by vite.config.ts (the offline plugin), which writes the build's version and file list in place of the two markers
// below; a new build is a new sw.js, so the browser installs it and drops the old version's cache.
//  - Nothing is stored until the user asks ("Keep offline": the page posts {type: 'precache'}): then every file of
//    the build is fetched, with progress, and from then on each file is served from the cache first (file names
//    are content-hashed, and models are versioned by the build). Storing uninvited would spend the quota a
//    user's projects need (IndexedDB shares it) on a machine short of disk.
//  - Pages: network first (a new version when there is one), the cached page when there is no network.
//  - Before that, nothing is intercepted (see optedIn).
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `lodestone-${VERSION}`;
/** Written when the user asked for the offline copy; without it the worker stores nothing. */
const OPTED_IN = '/__lodestone_offline__';

// A new version waits until the page says so (the user pressed "Update"): swapping files under a running page,
// mid-run, could hand a worker that restarts the next version's code. The first install has no page to disturb.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      if (!(await caches.keys()).some((k) => k.startsWith('lodestone-') && k !== CACHE)) await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // a user who kept the last version offline keeps this one too (the page fetches its files, see status)
      const cache = await caches.open(CACHE);
      for (const key of await caches.keys()) {
        if (!key.startsWith('lodestone-') || key === CACHE) continue;
        if (await (await caches.open(key)).match(OPTED_IN)) await cache.put(OPTED_IN, new Response('yes'));
        await caches.delete(key);
      }
      await readOptIn();
      await self.clients.claim();
    })(),
  );
});

/**
 * Whether the user asked for the offline copy, once this worker has read it (null until then). Until they ask,
 * requests are not intercepted at all: the browser fetches each file itself, through its HTTP cache, which is
 * where Chrome keeps the optimised code of each WebAssembly module. A response handed over by a service worker
 * comes without it, so a returning visitor would compile onnxruntime and RDKit again, for seconds.
 */
let optedIn = null;
async function readOptIn() {
  optedIn = !!(await (await caches.open(CACHE)).match(OPTED_IN));
}
readOptIn().catch(() => {});

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  // ignoreVary: the server varies on Origin, which a module script's request carries and the precache's did not
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(request);
  // a full disk (or a quota) refuses the copy: the page still gets the file
  if (res.ok && res.type === 'basic' && (await cache.match(OPTED_IN))) await cache.put(request, res.clone()).catch(() => {});
  return res;
}

async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok && (await cache.match(OPTED_IN))) await cache.put('/index.html', res.clone()).catch(() => {});
    return res;
  } catch (e) {
    const hit = (await cache.match('/index.html', { ignoreVary: true })) ?? (await cache.match(request, { ignoreVary: true }));
    if (hit) return hit;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname === '/sw.js' || optedIn === false) return;
  event.respondWith(request.mode === 'navigate' ? page(request) : fromCache(request));
});

/** Every file of the build into the cache, reporting progress to the page that asked; already cached ones are skipped. */
async function precache(port) {
  const cache = await caches.open(CACHE);
  let done = 0;
  try {
    for (const file of FILES) {
      const path = file === 'index.html' ? '/index.html' : `/${file}`;
      if (!(await cache.match(path, { ignoreVary: true }))) {
        const res = await fetch(path, { cache: 'no-store' });
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
        await cache.put(path, res);
      }
      done++;
      port.postMessage({ type: 'progress', done, total: FILES.length });
    }
    await cache.put(OPTED_IN, new Response('yes'));
    optedIn = true;
    port.postMessage({ type: 'done', total: FILES.length, version: VERSION });
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e), done, total: FILES.length });
  }
}

/** Whether every file of this build is cached (the page's "works offline" mark). */
async function status(port) {
  const cache = await caches.open(CACHE);
  let cached = 0;
  optedIn = !!(await cache.match(OPTED_IN));
  if (optedIn) for (const file of FILES) if (await cache.match(file === 'index.html' ? '/index.html' : `/${file}`, { ignoreVary: true })) cached++;
  port.postMessage({ type: 'status', cached, total: FILES.length, version: VERSION, optedIn });
}

self.addEventListener('message', (event) => {
  if (event.data?.type === 'update') {
    event.waitUntil(self.skipWaiting());
    return;
  }
  const port = event.ports[0];
  if (!port) return;
  if (event.data?.type === 'precache') event.waitUntil(precache(port));
  else if (event.data?.type === 'status') event.waitUntil(status(port));
});
