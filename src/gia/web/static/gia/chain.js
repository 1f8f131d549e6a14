/* The chain behind a criterion, opened in place under it (htmx), closed by its button or by choosing
   the criterion again; focus moves to the chain and back. The PDF links say that the first download
   of a version takes a few seconds, until the file arrives. Loaded by the dashboard and by each
   chain fragment (once). */
(function () {
  "use strict";
  if (window.giaChain) { return; }
  window.giaChain = true;

  function opener(slot) {
    return document.querySelector('[aria-controls="' + slot.id + '"]');
  }

  function close(slot) {
    slot.innerHTML = "";
    var row = slot.closest("tr");
    if (row) { row.classList.remove("open"); }
    var link = opener(slot);
    if (link) { link.setAttribute("aria-expanded", "false"); link.focus(); }
  }

  // choosing an open criterion again closes its chain instead of loading it again
  document.addEventListener("htmx:beforeRequest", function (event) {
    var link = event.detail.elt;
    if (!link || !link.matches || !link.matches("[data-chain-open]")) { return; }
    var slot = document.getElementById(link.getAttribute("aria-controls"));
    if (slot && slot.firstElementChild) { event.preventDefault(); close(slot); }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var slot = event.detail.target;
    if (!slot || !slot.hasAttribute || !slot.hasAttribute("data-chain-slot")) { return; }
    var row = slot.closest("tr");
    if (row) { row.classList.add("open"); }
    var link = opener(slot);
    if (link) { link.setAttribute("aria-expanded", "true"); }
    var heading = slot.querySelector("[data-chain-focus]");
    if (heading) {
      heading.focus({ preventScroll: true });
      // the criterion and its chain together when they fit, else the criterion at the top
      var above = row ? row.previousElementSibling : null;
      var height = slot.getBoundingClientRect().height + (above ? above.getBoundingClientRect().height : 0);
      if (above && height > window.innerHeight) { above.scrollIntoView({ block: "start" }); }
      else { (above || slot).scrollIntoView({ block: "nearest" }); slot.scrollIntoView({ block: "nearest" }); }
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-chain-close]");
    if (!button) { return; }
    event.preventDefault();
    var slot = button.closest("[data-chain-slot]");
    if (slot) { close(slot); return; }
    var details = button.closest("details");
    if (details) {
      details.open = false;
      var summary = details.querySelector("summary");
      if (summary) { summary.focus(); }
      return;
    }
    if (button.dataset.back) { window.location.href = button.dataset.back; }
  });

  // the PDF: a status line until the file arrives (the response sets a cookie named after the token)
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-pdf]");
    var status = document.getElementById("pdf-status");
    if (!link || !status) { return; }
    var token = Math.random().toString(36).slice(2, 12);
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("token", token);
    link.href = url.toString();
    status.textContent = status.dataset.preparing;
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      if (document.cookie.indexOf("gia_pdf=" + token) !== -1 || tries > 240) {
        window.clearInterval(timer);
        status.textContent = tries > 240 ? "" : status.dataset.ready;
      }
    }, 250);
  });
})();
