// A job page opened to get a file (?download=auto) fetches the file once the job has made it.
// The file comes as an attachment, so the page stays; the query is dropped so that a reload
// or "back" does not download it again.
(function () {
  "use strict";

  function downloadOnce() {
    var link = document.querySelector("a[data-auto-download]");
    if (!link || link.dataset.started) {
      return;
    }
    link.dataset.started = "true";
    window.history.replaceState(null, "", window.location.pathname);
    window.location.assign(link.href);
  }

  document.addEventListener("DOMContentLoaded", downloadOnce);
  document.addEventListener("htmx:afterSettle", downloadOnce);
})();
