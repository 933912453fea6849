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
  document.querySelectorAll("[data-marks]").forEach(async function (box) {
    const rule = new URLSearchParams({path: box.dataset.marks, index: box.id.slice(1)});
    box.innerHTML = await (await fetch("marks?" + rule.toString())).text();
  });
  view.addEventListener("click", async function (event) {
    if (event.target.id !== "save-button") return;
    const answer = await fetch("save", {method: "POST", body: new URLSearchParams(new FormData(form))});
    const result = await answer.json();
    const line = document.getElementById("save-result");
    line.textContent = result.message;
    line.className = result.ok ? "saved" : "error";
  });
})();
