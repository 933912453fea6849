// The negotiation room: on each change of a control, ask the server for the recomputed part of the page and
// swap it in. Plain JavaScript, no library; everything is computed (and escaped) by the server.
"use strict";
(function () {
  const form = document.getElementById("terms");
  const view = document.getElementById("view");
  let asked = 0;
  function query() { return new URLSearchParams(new FormData(form)).toString(); }
  async function refresh() {
    const mine = ++asked;
    view.classList.add("busy");
    const answer = await fetch("view?" + query());
    const text = await answer.text();
    if (mine !== asked) return;  // a later change is on its way: show only the newest
    view.innerHTML = text;
    view.classList.remove("busy");
    view.dataset.version = String(mine);
    marks(mine);
  }
  // The breakpoints of each term under the other changes: computed by the server in the background after
  // each view; asked again while it answers "computing" (data-pending), dropped when a newer view came.
  function marks(version) {
    document.querySelectorAll("[data-marks]").forEach(function (box) { mark(box, version, 0); });
  }
  async function mark(box, version, tries) {
    const asking = new URLSearchParams(new FormData(form));
    asking.set("path", box.dataset.marks);
    asking.set("index", box.id.slice(1));
    const text = await (await fetch("marks?" + asking.toString())).text();
    if (version !== asked) return;
    box.innerHTML = text;
    if (box.querySelector("[data-pending]") && tries < 40)
      setTimeout(function () { if (version === asked) mark(box, version, tries + 1); }, 250);
  }
  let timer = null;
  function soon() { clearTimeout(timer); timer = setTimeout(refresh, 120); }
  form.addEventListener("input", function (event) {
    const slider = event.target;
    if (slider.type === "range") document.getElementById(slider.dataset.for).value = slider.value;
    else if (slider.id && document.querySelector('[data-for="' + slider.id + '"]'))
      document.querySelector('[data-for="' + slider.id + '"]').value = slider.value;
    soon();
  });
  form.addEventListener("change", soon);
  marks(0);
  view.addEventListener("click", async function (event) {
    if (event.target.id !== "save-button") return;
    const answer = await fetch("save", {method: "POST", body: new URLSearchParams(new FormData(form))});
    const result = await answer.json();
    const line = document.getElementById("save-result");
    line.textContent = result.message;
    line.className = result.ok ? "saved" : "error";
  });
})();
