// Development sign-in: posts the user name as JSON (the cookie is SameSite=Strict), then returns to the page asked for.
"use strict";
document.getElementById("signin").addEventListener("submit", async ev => {
  ev.preventDefault();
  const response = await fetch("/api/review/signin", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ name: document.getElementById("name").value.trim() }),
  });
  if (response.ok) {
    const back = new URLSearchParams(location.search).get("return") || "queue.html";
    location.href = /^[a-z]+\.html(\?.*)?$/.test(back) ? back : "queue.html";
    return;
  }
  const problem = await response.json().catch(() => ({ detail: response.statusText }));
  const p = document.createElement("p"); p.className = "message error"; p.textContent = problem.detail;
  document.getElementById("message").replaceChildren(p);
});
// The button is disabled in the HTML until this script listens: a form sent before that would be the browser's own
// GET of this page with the user name in the URL, and nobody signed in.
document.querySelector("#signin button[type=submit]").disabled = false;
