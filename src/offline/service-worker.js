// Lodestone's service worker: the studio keeps working without a network once its files are in this browser.
// Built by vite.config.ts (the offline plugin), which writes the build's version and file list in place of the two markers
// below; a new build is a new sw.js, so the browser installs it and drops the old version's cache.
//  - Every same-origin GET it sees is kept (cache first: file names are content-hashed, and models are versioned
//    by the build), so whatever a visit used works offline next time.
//  - "Make available offline" (the page posts {type: 'precache'}) fetches every file of the build, with progress.
//  - Pages: network first (a new version when there is one), the cached page when there is no network.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `lodestone-${VERSION}`;

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
      for (const key of await caches.keys()) if (key.startsWith('lodestone-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  // ignoreVary: the server varies on Origin, which a module script's request carries and the precache's did not
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && res.type === 'basic') await cache.put(request, res.clone());
  return res;
}

async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put('/index.html', res.clone());
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
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname === '/sw.js') return;
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
    port.postMessage({ type: 'done', total: FILES.length, version: VERSION });
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e), done, total: FILES.length });
  }
}

/** Whether every file of this build is cached (the page's "works offline" mark). */
async function status(port) {
  const cache = await caches.open(CACHE);
  let cached = 0;
  for (const file of FILES) if (await cache.match(file === 'index.html' ? '/index.html' : `/${file}`, { ignoreVary: true })) cached++;
  port.postMessage({ type: 'status', cached, total: FILES.length, version: VERSION });
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
