// The queue page: one status at a time, filters in the URL (so links and Back work), server-side paging.
"use strict";
(async () => {
  const { el, t, fetchJson } = Review;
  const params = new URLSearchParams(location.search);
  const state = { status: params.get("status") || "NeedsReview", token: null, counts: null, page: null };
  const form = document.getElementById("filters");
  for (const name of ["form", "period", "mst", "office"]) form.elements[name].value = params.get(name) || "";

  const queryString = token => {
    const q = new URLSearchParams({ status: state.status });
    for (const name of ["form", "period", "mst", "office"]) if (form.elements[name].value.trim()) q.set(name, form.elements[name].value.trim());
    if (token) q.set("continuationToken", token);
    return q;
  };

  const renderQueues = () => {
    const list = document.getElementById("queues");
    list.replaceChildren(...["NeedsReview", "Rejected", "Failed", "Late"].map(s => {
      const q = queryString(); q.set("status", s);
      return el("li", {}, el("a", { href: "?" + q, "aria-current": s === state.status ? "page" : null },
        t(s), " ", el("span", { class: "count" }, "(" + (state.counts ? state.counts[s] : "…") + ")")));
    }));
  };

  const renderRows = () => {
    const rows = document.getElementById("rows");
    const items = state.page ? state.page.items : [];
    document.getElementById("caption").textContent = t(state.status) + " – " + items.length + " " + t("showing").toLowerCase();
    if (items.length === 0) { rows.replaceChildren(el("tr", {}, el("td", { colspan: "9" }, t("none")))); return; }
    rows.replaceChildren(...items.map(i => el("tr", {},
      el("th", { scope: "row" }, el("a", { href: "filing.html?id=" + encodeURIComponent(i.id) }, i.id.slice(0, 12) + "…")),
      el("td", {}, i.form), el("td", {}, i.mst), el("td", {}, i.periodKey), el("td", {}, i.office + (i.officeName ? " – " + i.officeName : "")),
      el("td", {}, Review.date(i.receivedAtUtc)), el("td", {}, t(i.status)), el("td", { class: "num" }, i.reviewFindings), el("td", { class: "num" }, i.daysLate))));
    document.getElementById("next").disabled = !state.page.continuationToken;
  };

  // Only the latest request may render: an older answer arriving late must not replace newer rows.
  let latest = 0;
  const load = async token => {
    const mine = ++latest;
    try {
      const { body } = await fetchJson("/api/review/filings?" + queryString(token));
      if (mine !== latest) return;
      state.page = body;
      if (body.counts) state.counts = body.counts;
      document.getElementById("message").textContent = "";
    } catch (e) {
      if (e.message === "signin" || mine !== latest) return;
      document.getElementById("message").replaceChildren(el("p", { class: "message error" }, e.message));
      state.page = { items: [], continuationToken: null };
    }
    renderQueues(); renderRows();
  };

  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const q = queryString(); history.replaceState(null, "", "?" + q); state.counts = null; load(null);
  });
  document.getElementById("next").addEventListener("click", () => load(state.page && state.page.continuationToken));
  document.getElementById("first").addEventListener("click", () => load(null));
  document.addEventListener("efiling:lang", () => { renderQueues(); renderRows(); });

  try { await Review.init(); } catch { return; }
  await load(null);
})();
