// Shared by the review pages: the API calls (cookie or App Service session), the sign-in redirect, and the
// Vietnamese/English switch (labels live in data-i18n attributes; Vietnamese is the default).
"use strict";
const Review = (() => {
  const texts = {
    title: ["Hồ sơ cần xử lý", "Review queue"], filing: ["Hồ sơ khai thuế", "Filing"], skip: ["Bỏ qua đến nội dung chính", "Skip to main content"],
    lang: ["English", "Tiếng Việt"], signout: ["Đăng xuất", "Sign out"], signin: ["Đăng nhập", "Sign in"], user: ["Tên người dùng", "User name"],
    NeedsReview: ["Cần xem xét", "Needs review"], Rejected: ["Không chấp nhận", "Rejected"], Failed: ["Lỗi xử lý", "Failed"], Late: ["Nộp chậm", "Late"],
    Accepted: ["Chấp nhận", "Accepted"], Received: ["Đã tiếp nhận", "Received"], Replaced: ["Đã bị thay thế", "Replaced"],
    queues: ["Danh sách theo trạng thái", "Queues by status"], filters: ["Lọc", "Filters"], form: ["Mẫu tờ khai", "Form"], period: ["Kỳ (vd 2025-Q3)", "Period (e.g. 2025-Q3)"],
    mst: ["MST", "Tax code (MST)"], office: ["Cơ quan thuế", "Tax office"], apply: ["Lọc", "Apply filters"], any: ["Tất cả", "Any"],
    id: ["Mã hồ sơ", "Filing id"], received: ["Thời điểm nhận", "Received"], status: ["Trạng thái", "Status"], findings: ["Kết quả kiểm tra", "Findings"],
    daysLate: ["Số ngày chậm", "Days late"], next: ["Trang sau", "Next page"], first: ["Trang đầu", "First page"], none: ["Không có hồ sơ.", "No filings."],
    back: ["Quay lại danh sách", "Back to the queue"], header: ["Thông tin chung", "Header"], figures: ["Chỉ tiêu chính", "Main figures"],
    appendix: ["Phụ lục", "Appendix rows"], certificate: ["Chứng thư số", "Certificate"], history: ["Lịch sử", "History"], audit: ["Nhật ký xử lý", "Audit"],
    links: ["Tài liệu", "Documents"], original: ["Tờ khai gốc (XML)", "Original declaration (XML)"], receipt: ["Thông báo tiếp nhận", "Receipt"],
    notices: ["Thông báo kết quả", "Notifications"], code: ["Mã", "Code"], label: ["Chỉ tiêu", "Figure"], value: ["Giá trị", "Value"],
    message: ["Nội dung", "Message"], severity: ["Mức độ", "Severity"], subject: ["Chủ thể", "Subject"], issuer: ["Tổ chức cấp", "Issuer"],
    validity: ["Hiệu lực", "Validity"], thumbprint: ["Dấu vân tay (SHA-1)", "Thumbprint (SHA-1)"], serial: ["Số hiệu", "Serial number"], when: ["Thời điểm", "When"], note: ["Ghi chú", "Note"], who: ["Người xử lý", "Who"], action: ["Hành động", "Action"],
    change: ["Trạng thái trước → sau", "Before → after"], reason: ["Lý do", "Reason"], decide: ["Quyết định", "Decision"],
    accept: ["Chấp nhận", "Accept"], reject: ["Không chấp nhận", "Reject"], supplementary: ["Yêu cầu khai bổ sung", "Ask for a supplementary declaration"],
    reasonNeeded: ["Cần nhập lý do.", "A reason is required."], done: ["Đã ghi nhận quyết định.", "Decision recorded."],
    noneFound: ["Không có.", "None."], showing: ["Hiển thị", "Showing"], of: ["trên", "of"], loading: ["Đang tải…", "Loading…"],
    signinHelp: ["Đăng nhập phát triển: người dùng trong cấu hình EFiling:Auth:Users.", "Development sign-in: users from EFiling:Auth:Users."],
    signedInAs: ["Đang đăng nhập:", "Signed in as"], mode: ["Chế độ", "Mode"],
  };
  let lang = localStorage.getItem("efiling.lang") === "en" ? 1 : 0;
  const t = key => (texts[key] || [key, key])[lang];
  const apply = root => {
    document.documentElement.lang = lang ? "en" : "vi";
    (root || document).querySelectorAll("[data-i18n]").forEach(e => { e.textContent = t(e.dataset.i18n); });
  };
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "i18n") e.dataset.i18n = v; else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    if (attrs && attrs.i18n) e.textContent = t(attrs.i18n);
    return e;
  };
  const fetchJson = async (url, options) => {
    const response = await fetch(url, Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {}));
    if (response.status === 401) { location.href = "signin.html?return=" + encodeURIComponent(location.pathname.split("/").pop() + location.search); throw new Error("signin"); }
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) { const e = new Error((body && body.detail) || response.statusText); e.status = response.status; e.problem = body; throw e; }
    return { body, response };
  };
  const init = async () => {
    document.getElementById("lang").addEventListener("click", () => {
      lang = 1 - lang; localStorage.setItem("efiling.lang", lang ? "en" : "vi"); apply(); document.dispatchEvent(new Event("efiling:lang"));
    });
    apply();
    const { body: me } = await fetchJson("/api/review/me");
    document.getElementById("who").textContent = me.displayName + " (" + me.roles.join(", ") + ")";
    const out = document.getElementById("signout");
    out.addEventListener("click", async () => {
      if (me.mode === "AppService") { location.href = "/.auth/logout"; return; }
      await fetch("/api/review/signout", { method: "POST", credentials: "same-origin" }); location.href = "signin.html";
    });
    return me;
  };
  const date = v => v ? new Date(v).toLocaleString(lang ? "en-GB" : "vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }) : "";
  return { t, apply, el, fetchJson, init, date, get lang() { return lang; } };
})();
