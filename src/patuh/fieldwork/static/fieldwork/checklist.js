// The enumerator's checklist on a phone with a weak connection.
//
// Every answer is kept in localStorage and every photo in IndexedDB the moment it is entered,
// then sent; what cannot be sent stays on the phone and is re-sent when the browser is back
// online (and every 15 s). Each request is idempotent on the server: answers are upserts, a
// photo carries its own client id, the submission carries one too, so a re-send after a
// dropped response never stores anything twice. A service worker (offline.js) keeps the page
// itself on the phone, so it opens again without a network with the answers put back.
(() => {
  "use strict";
  const form = document.getElementById("checklist");
  const texts = document.getElementById("checklist-messages");
  if (!form || !texts) return;
  const say = texts.dataset;
  // What this form's answers and photos are kept under on the phone: a visit, or a self-check.
  const visit = form.dataset.storeKey;
  const storeKey = `patuh:visit:${visit}`;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const maxBytes = Number(form.dataset.maxBytes);
  const syncLabel = form.querySelector("[data-sync]");

  // A version 4 UUID from getRandomValues, which unlike randomUUID works on plain http too.
  function uuid4() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function loadState() {
    try {
      const saved = JSON.parse(localStorage.getItem(storeKey));
      if (saved && typeof saved === "object") return { answers: {}, submitId: null, submitting: false, ...saved };
    } catch (error) {
      // A damaged entry is replaced below.
    }
    return { answers: {}, submitId: null, submitting: false };
  }
  let state = loadState();
  const persist = () => localStorage.setItem(storeKey, JSON.stringify(state));

  function setSync(text, isError = false) {
    if (!syncLabel) return;
    syncLabel.textContent = text;
    syncLabel.classList.toggle("error", isError);
  }

  // Photos waiting to upload, in IndexedDB (localStorage cannot hold files).
  const database = new Promise((resolve, reject) => {
    const request = indexedDB.open("patuh-photos", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("photos", { keyPath: "clientId" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  async function photos(mode, action) {
    const db = await database;
    return new Promise((resolve, reject) => {
      const transaction = db.transaction("photos", mode);
      const request = action(transaction.objectStore("photos"));
      transaction.oncomplete = () => resolve(request ? request.result : undefined);
      transaction.onerror = () => reject(transaction.error);
    });
  }
  const keepPhoto = (record) => photos("readwrite", (store) => store.put(record));
  const forgetPhoto = (clientId) => photos("readwrite", (store) => store.delete(clientId));
  const waitingPhotos = async () =>
    ((await photos("readonly", (store) => store.getAll())) || []).filter((p) => p.visit === visit);

  const fieldsetOf = (key) => form.querySelector(`fieldset[data-key="${CSS.escape(key)}"]`);

  function readItem(fieldset) {
    const checked = fieldset.querySelector("input[type=radio]:checked");
    const number = fieldset.querySelector("input[type=number]");
    const note = fieldset.querySelector("textarea");
    return {
      product: fieldset.dataset.product,
      indicator: fieldset.dataset.indicator,
      value: checked ? checked.value : number ? number.value : "",
      note: note ? note.value : "",
    };
  }

  function showItem(fieldset, item) {
    for (const radio of fieldset.querySelectorAll("input[type=radio]")) radio.checked = radio.value === item.value;
    const number = fieldset.querySelector("input[type=number]");
    if (number) number.value = item.value;
    const note = fieldset.querySelector("textarea");
    if (note) {
      note.value = item.note;
      if (item.note) note.closest("details").open = true;
    }
  }

  function updateCounts() {
    let answered = 0;
    for (const section of form.querySelectorAll("[data-section]")) {
      const items = section.querySelectorAll("fieldset.indicator");
      const done = Array.from(items).filter((fieldset) => readItem(fieldset).value !== "").length;
      section.querySelector("[data-section-count]").textContent = `${done}/${items.length}`;
      answered += done;
    }
    form.querySelector("[data-answered]").textContent = answered;
  }

  async function post(url, body, json = true) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: json ? { "Content-Type": "application/json", "X-CSRFToken": csrf } : { "X-CSRFToken": csrf },
      body: json ? JSON.stringify(body) : body,
    });
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("application/json")) {
      // Sent to the sign-in page: the session ended. Keep everything and retry later.
      throw new Error("not signed in");
    }
    return { status: response.status, data: await response.json() };
  }

  // Says under an indicator why its answer ("answer") or a photo ("photo") was refused.
  function showError(fieldset, what, text) {
    const place = fieldset.querySelector(`[data-${what}-error]`);
    place.textContent = text;
    place.hidden = !text;
  }

  let sending = false;
  // Whether this round of sending stored anything on the server, or could not reach it.
  let stored = false;
  let unreachable = false;
  async function sendAnswers() {
    const pending = Object.values(state.answers);
    if (!pending.length) return true;
    setSync(say.saving);
    let reply;
    try {
      reply = await post(form.dataset.saveUrl, { answers: pending });
      if (reply.status >= 500) throw new Error(reply.data.error || String(reply.status));
    } catch (error) {
      unreachable = true;
      setSync(`${say.offline} (${pending.length} ${say.waiting})`, true);
      return false;
    }
    const { status, data } = reply;
    if (status >= 400 && !Array.isArray(data.refused)) {
      // Refused as a whole: nothing was stored, so every answer waits for the next try.
      setSync(data.error, true);
      return false;
    }
    // The server stored each answer or refused it with a reason; a refused one would be
    // refused again, so neither kind waits any longer (unless changed since it was sent).
    const refused = new Map(data.refused.map((item) => [`${item.product}:${item.indicator}`, item.error]));
    for (const sent of pending) {
      const key = `${sent.product}:${sent.indicator}`;
      const now = state.answers[key];
      if (now && now.value === sent.value && now.note === sent.note) delete state.answers[key];
      const fieldset = fieldsetOf(key);
      if (fieldset) showError(fieldset, "answer", refused.get(key) || "");
    }
    persist();
    stored = stored || data.saved > 0;
    setSync(refused.size ? data.error : say.saved, refused.size > 0);
    return true;
  }

  function showPhoto(fieldset, id, thumbnail, waiting) {
    let item = fieldset.querySelector(`[data-photo-id="${id}"]`);
    if (!item) {
      item = document.createElement("li");
      item.className = "photo";
      item.dataset.photoId = id;
      fieldset.querySelector("[data-photos]").append(item);
    }
    item.replaceChildren();
    const image = document.createElement("img");
    image.src = thumbnail;
    image.alt = fieldset.dataset.indicator;
    image.width = 96;
    image.height = 72;
    item.append(image);
    if (waiting) {
      item.classList.add("waiting");
      const note = document.createElement("span");
      note.className = "muted";
      note.textContent = say.photoWaiting;
      item.append(note);
    } else {
      item.classList.remove("waiting");
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link";
      remove.dataset.removePhoto = id;
      remove.textContent = say.remove;
      item.append(remove);
    }
  }

  async function sendPhotos() {
    for (const record of await waitingPhotos()) {
      const fieldset = fieldsetOf(record.key);
      const body = new FormData();
      body.append("photo", record.blob, record.name || "photo.jpg");
      body.append("client_id", record.clientId);
      body.append("product", record.product);
      body.append("indicator", record.indicator);
      let reply;
      try {
        reply = await post(form.dataset.photoUrl, body, false);
      } catch (error) {
        unreachable = true;
        setSync(say.offline, true);
        return false;
      }
      if (reply.status >= 500) return false;
      await forgetPhoto(record.clientId);
      if (reply.status >= 400) {
        fieldset.querySelector(`[data-photo-id="${record.clientId}"]`)?.remove();
        showError(fieldset, "photo", reply.data.error);
        continue;
      }
      stored = true;
      fieldset.querySelector(`[data-photo-id="${record.clientId}"]`)?.remove();
      showPhoto(fieldset, reply.data.id, reply.data.thumbnail, false);
      showError(fieldset, "photo", "");
    }
    return true;
  }

  // What keeps the checklist from being submitted, listed above it: each problem links to its
  // item and goes away once that item is put right; the whole box when none is left. A form
  // that is never submitted (the self-check) has no such box.
  const problemsBox = form.querySelector("[data-problems]");
  const problemsList = form.querySelector("[data-problems-list]");
  function showProblems(title, items) {
    if (!problemsBox) return;
    form.querySelector("[data-problems-title]").textContent = title;
    problemsList.replaceChildren(
      ...items.map(({ key, kind, text }) => {
        const item = document.createElement("li");
        item.dataset.key = key;
        item.dataset.kind = kind;
        const link = document.createElement("a");
        const legend = fieldsetOf(key)?.querySelector("legend");
        link.href = legend ? `#${legend.id}` : "#checklist";
        link.dataset.problem = key;
        link.textContent = text;
        item.append(link);
        return item;
      }),
    );
    problemsBox.hidden = items.length === 0;
    if (items.length) problemsBox.scrollIntoView({ block: "start" });
  }

  function resolveProblems(fieldset) {
    if (!problemsBox || problemsBox.hidden) return;
    const answered = readItem(fieldset).value !== "";
    const photographed = fieldset.querySelector("[data-photo-id]") !== null;
    for (const item of problemsList.querySelectorAll("li")) {
      if (item.dataset.key !== fieldset.dataset.key) continue;
      if ((item.dataset.kind === "answer" && answered) || (item.dataset.kind === "photo" && photographed)) item.remove();
    }
    if (!problemsList.children.length) {
      problemsBox.hidden = true;
      setSync(say.saved);
    }
  }

  // A problem's link opens the item's section and puts the cursor on its first field.
  function goTo(key) {
    const fieldset = fieldsetOf(key);
    if (!fieldset) return;
    fieldset.closest("details").open = true;
    fieldset.scrollIntoView({ block: "start" });
    fieldset.querySelector("input, textarea")?.focus({ preventScroll: true });
  }

  async function sendSubmission() {
    setSync(say.submitting);
    let reply;
    try {
      reply = await post(form.dataset.submitUrl, { client_id: state.submitId });
    } catch (error) {
      unreachable = true;
      setSync(say.submitLater, true);
      return;
    }
    if (reply.status === 200) {
      localStorage.removeItem(storeKey);
      state = { answers: {}, submitId: null, submitting: false };
      setSync(say.submitted);
      window.location.reload();
      return;
    }
    state.submitting = false;
    persist();
    setSync(reply.data.error, true);
    showProblems(reply.data.error, reply.data.items || []);
  }

  // A sync asked for while one runs (the network came back meanwhile) runs right after it. One
  // that could not reach the server while the browser says it is online is tried again soon,
  // then less and less often: a connection that comes back often needs a moment to carry
  // requests again.
  let again = false;
  let retryIn = 2000;
  async function sync() {
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    unreachable = false;
    try {
      const answersSent = await sendAnswers();
      const photosSent = await sendPhotos();
      if (stored) {
        stored = false;
        keepStoredPage();
      }
      if (state.submitting) {
        if (answersSent && photosSent) await sendSubmission();
        else setSync(say.submitLater, true);
      }
    } finally {
      sending = false;
      if (again) {
        again = false;
        syncSoon(0);
      } else if (unreachable && navigator.onLine) {
        syncSoon(retryIn);
        retryIn = Math.min(2 * retryIn, 15000);
      }
      if (!unreachable) retryIn = 2000;
    }
  }

  let timer = null;
  const syncSoon = (delay = 600) => {
    clearTimeout(timer);
    timer = setTimeout(sync, delay);
  };

  function remember(fieldset) {
    const item = readItem(fieldset);
    state.answers[`${item.product}:${item.indicator}`] = item;
    persist();
    updateCounts();
  }

  form.addEventListener("change", async (event) => {
    const fieldset = event.target.closest("fieldset.indicator");
    if (!fieldset) return;
    if (event.target.matches("[data-add-photo]")) {
      for (const file of event.target.files) {
        if (file.size > maxBytes) {
          showError(fieldset, "photo", `${file.name}: > ${Math.round(maxBytes / 1e6)} MB`);
          continue;
        }
        const record = {
          clientId: uuid4(),
          visit,
          key: fieldset.dataset.key,
          product: fieldset.dataset.product,
          indicator: fieldset.dataset.indicator,
          name: file.name,
          blob: file,
        };
        await keepPhoto(record);
        showPhoto(fieldset, record.clientId, URL.createObjectURL(file), true);
        resolveProblems(fieldset);
      }
      event.target.value = "";
      syncSoon(0);
      return;
    }
    remember(fieldset);
    resolveProblems(fieldset);
    syncSoon();
  });
  form.addEventListener("input", (event) => {
    const fieldset = event.target.closest("fieldset.indicator");
    if (fieldset && event.target.matches("textarea, input[type=number]")) {
      remember(fieldset);
      syncSoon(1500);
    }
  });

  form.addEventListener("click", async (event) => {
    const problem = event.target.closest("[data-problem]");
    if (problem) {
      event.preventDefault();
      goTo(problem.dataset.problem);
      return;
    }
    const remove = event.target.closest("[data-remove-photo]");
    if (remove) {
      if (!window.confirm(say.confirmRemove)) return;
      const id = remove.dataset.removePhoto;
      try {
        const reply = await post(form.dataset.removeUrl.replace("00000000-0000-0000-0000-000000000000", id), {});
        if (reply.status === 200) remove.closest("li").remove();
        else setSync(reply.data.error, true);
      } catch (error) {
        setSync(say.offline, true);
      }
      return;
    }
    if (event.target.closest("[data-submit]")) {
      state.submitId = state.submitId || uuid4();
      state.submitting = true;
      persist();
      showProblems("", []);
      sync();
    }
  });

  // The service worker (offline.js) keeps this page on the phone. `keep(urls)` has it fetch and
  // keep `urls` now; the form says how that went in data-offline ("kept", or "stale" when the
  // phone's copy may miss what was stored since). Without a worker (an old browser, plain http
  // to a server other than localhost) answers are still kept, but a reload needs the network.
  let worker = null;
  async function keep(urls) {
    form.dataset.offline = "keeping";
    const channel = new MessageChannel();
    const heard = new Promise((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)));
    worker.active.postMessage({ keep: urls }, [channel.port2]);
    form.dataset.offline = (await heard) === "kept" ? "kept" : "stale";
  }

  async function keepForOffline() {
    if (!("serviceWorker" in navigator)) return;
    try {
      // Its scope is the folder it is served from: every visit's page.
      await navigator.serviceWorker.register(form.dataset.offlineWorker);
      worker = await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller) {
        // The worker served this page: it kept the page and its files as they came.
        form.dataset.offline = "kept";
        return;
      }
      const files = Array.from(document.querySelectorAll("link[rel=stylesheet][href], script[src]"), (element) =>
        element.getAttribute("href") || element.getAttribute("src"),
      );
      await keep([location.pathname, ...files]);
    } catch (error) {
      form.dataset.offline = "stale";
    }
  }

  // After answers or photos were stored, the phone's copy of the page is brought up to date, so
  // a reload without network shows them although they have left the phone's queue.
  function keepStoredPage() {
    if (worker) keep([location.pathname]).catch(() => (form.dataset.offline = "stale"));
  }

  // Answers entered before a reload or while offline win over the page as the server sent it.
  for (const item of Object.values(state.answers)) {
    const fieldset = fieldsetOf(`${item.product}:${item.indicator}`);
    if (fieldset) showItem(fieldset, item);
  }
  waitingPhotos().then((records) => {
    for (const record of records) {
      const fieldset = fieldsetOf(record.key);
      if (fieldset) showPhoto(fieldset, record.clientId, URL.createObjectURL(record.blob), true);
    }
  });
  updateCounts();
  keepForOffline();
  window.addEventListener("online", () => syncSoon(0));
  setInterval(sync, 15000);
  sync();
})();
