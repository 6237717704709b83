// The service worker of the checklist pages that work offline: the visit checklists
// (/fieldwork/visits/) and the agencies' self-checks (/selfcheck/), each served from its own
// folder, whose pages it looks after. A page opened once opens again without a network. Every
// page and file such a page uses is fetched from the server when it can be and kept on the
// phone; when the network is down, the phone's copy is used. The answers and photos not yet
// sent are kept by checklist.js, which puts them back on the page. Only what GET requests
// return is kept.
"use strict";
const CACHE = "patuh-visits-1";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// The server's answer to `request`, kept on the phone when it is the page itself: a page that
// is gone, or now sends to the sign-in page, is forgotten instead.
async function fetchAndKeep(request) {
  const response = await fetch(request);
  const cache = await caches.open(CACHE);
  if (response.ok && !response.redirected) await cache.put(request, response.clone());
  else await cache.delete(request);
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Sent on as it is, but from here rather than left to fall through: Chromium's offline
    // mode (which the browser tests use) lets requests a worker declines reach the network.
    event.respondWith(fetch(request));
    return;
  }
  event.respondWith(
    fetchAndKeep(request).catch(async (error) => {
      const copy = await caches.match(request);
      if (copy) return copy;
      throw error;
    }),
  );
});

// A page asks to keep URLs (itself and its files) as the server sends them now: the first time,
// before this worker served it, and after it stored answers or photos. It hears "kept" or
// "failed" on the port it sends.
self.addEventListener("message", (event) => {
  const urls = event.data && event.data.keep;
  if (!Array.isArray(urls)) return;
  const reply = (word) => event.ports[0] && event.ports[0].postMessage(word);
  event.waitUntil(
    Promise.all(urls.map((url) => fetchAndKeep(new Request(url)))).then(
      () => reply("kept"),
      () => reply("failed"),
    ),
  );
});
