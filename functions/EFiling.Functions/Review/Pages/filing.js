// The filing page: the declaration for a person, findings, certificate, history, audit, links, and decisions
// (sent with If-Match: the ETag this page loaded, so a concurrent decision is reported, not overwritten).
"use strict";
(async () => {
  const { el, t, fetchJson } = Review;
  const id = new URLSearchParams(location.search).get("id") || "";
  let filing = null;
  const message = (text, kind) => document.getElementById("message").replaceChildren(el("p", { class: "message " + kind }, text));
  const label = l => l ? (Review.lang ? l.en : l.vi) : "";
  const section = (key, ...body) => el("section", { "aria-labelledby": "h-" + key }, el("h2", { id: "h-" + key, i18n: key }), ...body);
  const table = (captionKey, heads, rows) => el("table", {},
    el("caption", { i18n: captionKey }),
    el("thead", {}, el("tr", {}, heads.map(h => el("th", { scope: "col", i18n: h })))),
    el("tbody", {}, rows.length ? rows : [el("tr", {}, el("td", { colspan: String(heads.length), i18n: "noneFound" }))]));
  const dl = pairs => el("dl", {}, pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));

  const render = () => {
    const f = filing, d = f.declaration || { header: [], figures: [], appendixRows: [], appendixTotal: 0 };
    document.getElementById("title").textContent = f.form + " – " + f.mst + " – " + f.periodKey;
    document.getElementById("status").textContent = t(f.status);
    document.getElementById("actions").hidden = f.decisions.length === 0;
    const c = f.certificate; // the signer intake verified and recorded, not read from the document
    document.getElementById("content").replaceChildren(
      section("header", dl([
        [t("form"), f.form + (f.formName ? " – " + label(f.formName) : "")], [t("id"), f.id], [t("received"), Review.date(f.receivedAtUtc)],
        [t("office"), f.office + (f.officeName ? " – " + f.officeName : "")], ...d.header.map(h => [h.name, h.value])])),
      section("figures", table("figures", ["code", "label", "value"], d.figures.map(x =>
        el("tr", {}, el("th", { scope: "row" }, x.code), el("td", {}, label(x.label)), el("td", { class: "num" }, x.value))))),
      section("appendix", el("p", {}, t("showing") + " " + d.appendixRows.length + " " + t("of") + " " + d.appendixTotal),
        el("table", {}, el("caption", { i18n: "appendix" }),
          el("thead", {}, el("tr", {}, (d.appendixRows[0] ? d.appendixRows[0].cells : []).map(x => el("th", { scope: "col" }, label(x.label))))),
          el("tbody", {}, d.appendixRows.map(r => el("tr", {}, r.cells.map(x => el("td", {}, x.value))))))),
      section("findings", table("findings", ["code", "severity", "message"], f.findings.map(x =>
        el("tr", {}, el("th", { scope: "row" }, x.code), el("td", {}, x.severity), el("td", {}, Review.lang ? x.message : (x.messageVi || x.message)))))),
      section("certificate", c ? dl([[t("subject"), c.subject], [t("issuer"), c.issuer],
        [t("validity"), Review.date(c.notBeforeUtc) + " – " + Review.date(c.notAfterUtc)], [t("mst"), c.mst || ""], [t("thumbprint"), c.thumbprint], [t("serial"), c.serialNumber]]) : el("p", { i18n: "noneFound" })),
      section("history", table("history", ["when", "status", "note"], f.history.map(h =>
        el("tr", {}, el("td", {}, Review.date(h.atUtc)), el("td", {}, t(h.status)), el("td", {}, h.note || ""))))),
      section("audit", table("audit", ["when", "who", "action", "change", "reason"], f.audit.map(a =>
        el("tr", {}, el("td", {}, Review.date(a.atUtc)), el("td", {}, a.whoName), el("td", {}, t(a.action)),
          el("td", {}, t(a.statusBefore) + " → " + t(a.statusAfter)), el("td", {}, a.reason || ""))))),
      section("links", el("ul", {},
        el("li", {}, el("a", { href: f.links.document, i18n: "original" })),
        el("li", {}, el("a", { href: f.links.receipt, i18n: "receipt" })),
        ...f.notices.map(n => el("li", {}, el("a", { href: n.href }, t("notices") + ": " + n.name))))));
  };

  const load = async () => {
    const { body } = await fetchJson("/api/review/filings/" + encodeURIComponent(id));
    filing = body; render();
  };

  document.getElementById("decision").addEventListener("submit", async ev => {
    ev.preventDefault();
    const decision = ev.submitter ? ev.submitter.value : "accept";
    const reason = document.getElementById("reason").value.trim();
    if (decision !== "accept" && !reason) { message(t("reasonNeeded"), "error"); document.getElementById("reason").focus(); return; }
    try {
      await fetchJson("/api/review/filings/" + encodeURIComponent(id) + "/decision", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "If-Match": filing.eTag },
        body: JSON.stringify({ decision, reason }),
      });
      await load();
      message(t("done"), "ok");
    } catch (e) {
      if (e.message !== "signin") message(e.message + (e.problem && e.problem.errors ? " (" + e.problem.errors[0].code + ")" : ""), "error");
    }
  });
  document.addEventListener("efiling:lang", () => filing && render());

  try { await Review.init(); } catch { return; }
  try { await load(); } catch (e) { if (e.message !== "signin") message(e.message, "error"); }
})();
