// The chat page's own behaviour, in the browser: copy a citation (with its permanent link) or a whole answer
// as plain text, star paragraphs and export them, scroll a new answer to its header, say in the interface
// language when an upload is too large, title warnings in it. One delegated listener; the conversation
// (render.py) carries what these need in data attributes: data-cite, data-link, data-key on each hit.
window.unAssistant = (() => {
  const config = window.UN_ASSISTANT || { maxUpload: Infinity, texts: { zh: {}, en: {} } };
  const STARS = "un-assistant-stars";
  let lastToken = null;

  const lang = () => {
    const root = document.querySelector("#chat .conversation");
    return (root && root.dataset.lang) === "en" ? "en" : "zh";
  };
  const t = (name, values = {}) =>
    (config.texts[lang()][name] || "").replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
  const absolute = (link) => new URL(link, document.baseURI).href;

  async function copy(text, button) {
    const done = () => {
      if (!button) return;
      if (!button.dataset.label) button.dataset.label = button.textContent;
      button.textContent = "✓ " + t("copied");
      setTimeout(() => { button.textContent = button.dataset.label; delete button.dataset.label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      try { await navigator.clipboard.writeText(text); done(); return; } catch (error) { /* fall back below */ }
    }
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }

  const citation = (hit) => `${hit.dataset.cite} ${absolute(hit.dataset.link)}`;

  function answerText(article) {
    const out = [];
    const question = article.closest(".exchange")?.querySelector(".question");
    if (question) out.push(question.getAttribute("aria-label"));
    out.push(article.querySelector(".answer-header").textContent.trim());
    const note = article.querySelector(".answer-note");
    if (note) out.push(note.textContent.trim());
    const terms = article.querySelector(".answer-terms");
    if (terms) out.push(terms.textContent.trim());
    for (const hit of article.querySelectorAll(".hit")) {
      out.push("", `${hit.querySelector(".hit-rank").textContent} ${hit.dataset.cite}`);
      const section = hit.querySelector(".hit-section");
      if (section) out.push(section.textContent);
      out.push(hit.querySelector(".hit-text").textContent);
      for (const note of hit.querySelectorAll(":scope > .hit-note")) out.push(note.textContent);
      out.push(absolute(hit.dataset.link));
    }
    return out.join("\n");
  }

  // -- stars: kept in this browser, exported from the bar above the conversation ----------------
  const stars = () => { try { return JSON.parse(localStorage.getItem(STARS)) || []; } catch (e) { return []; } };
  const keep = (list) => localStorage.setItem(STARS, JSON.stringify(list));

  function toggleStar(hit) {
    const key = hit.dataset.key;
    const list = stars();
    keep(list.some((s) => s.key === key) ? list.filter((s) => s.key !== key) : [...list, { key, cite: hit.dataset.cite }]);
    paintStars();
  }

  function paintStars() {
    const list = stars();
    const keys = new Set(list.map((s) => s.key));
    for (const button of document.querySelectorAll("#chat .hit button.star")) {
      const on = keys.has(button.closest(".hit").dataset.key);
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "★ " + t("starred") : "☆ " + t("star");
    }
    const bar = document.getElementById("starred-bar");
    if (!bar) return;
    bar.textContent = "";
    bar.hidden = list.length === 0;
    if (!list.length) return;
    bar.append(t("starred_bar", { n: list.length }) + " ");
    for (const [format, label] of [["md", "Markdown"], ["docx", "Word"], ["csv", "CSV"]]) {
      const params = new URLSearchParams({ format, lang: lang() });
      for (const s of list) params.append("p", s.key);
      const link = document.createElement("a");
      link.className = "export";
      link.href = "export?" + params;
      link.download = "";
      link.textContent = label;
      bar.append(link, " ");
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("#chat button");
    if (!button) return;
    if (button.matches(".copy-cite")) copy(citation(button.closest(".hit")), button);
    else if (button.matches(".copy-answer")) copy(answerText(button.closest(".answer")), button);
    else if (button.matches(".share")) copy(absolute(button.dataset.share), button);
    else if (button.matches(".star")) toggleStar(button.closest(".hit"));
  });

  // -- uploads larger than the limit: said in the interface language before anything is sent --------------
  function tooLarge(event) {
    const input = event.target;
    const files = input.files || event.dataTransfer?.files;
    if (!files || !input.closest || !input.closest("#upload, #replace")) return;
    const big = Array.from(files).filter((f) => f.size > config.maxUpload);
    if (!big.length) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    if (input.value !== undefined) input.value = "";
    const mb = (n) =>  // as limits.size_text says sizes: "1 MB", "1.7 MB", "13 KB"
      n < 1048576 ? `${Math.max(1, Math.round(n / 1024)).toLocaleString("en")} KB`
        : `${(n / 1048576).toFixed(1).replace(/\.0$/, "")} MB`;
    const host = document.querySelector(input.closest("#replace") ? "#manage-report" : "#upload-report");
    if (!host) return;
    let report = host.querySelector(".report");  // the report's own element: Gradio's nodes stay untouched
    if (!report) {
      report = document.createElement("div");
      report.className = "report";
      (host.querySelector('[id^="html-"]') || host).append(report);
    }
    report.textContent = "";
    for (const f of big) {
      const line = document.createElement("p");
      line.textContent = t("too_big_upload", { file: f.name, size: mb(f.size), limit: mb(config.maxUpload) });
      report.append(line);
    }
  }
  for (const type of ["change", "input", "drop"]) document.addEventListener(type, tooLarge, true);

  // -- Gradio's warning toasts: titled in the interface language (Gradio titles a toast by its kind, "Warning", in
  // English, whatever title the server gives it) -----------------------------------------------------------
  function retitle() {
    for (const title of document.querySelectorAll(".toast-title.warning")) {
      const words = title.firstChild;
      if (words && words.nodeType === Node.TEXT_NODE && words.nodeValue.trim() !== t("warning")) {
        words.nodeValue = t("warning") + " ";
      }
    }
  }
  new MutationObserver(retitle).observe(document.documentElement, { childList: true, subtree: true });

  return {
    // After each drawing of the conversation: stars painted, and a new answer scrolled to its header.
    rendered(element) {
      paintStars();
      const root = element.querySelector(".conversation");
      if (!root || !root.dataset.token || root.dataset.token === lastToken) return;
      lastToken = root.dataset.token;
      const header = root.querySelector(`#answer-${root.dataset.focus} .answer-header`);
      if (header) requestAnimationFrame(() => header.scrollIntoView({ block: "start" }));
    },
    setLanguage(value) {
      const code = value === "en" ? "en" : "zh";
      document.documentElement.lang = code;
      document.title = config.texts[code].title;
    },
    cleared(value) {
      keep([]);
      paintStars();
      return value;
    },
    // The question of a shared link (/?q=…&lang=…), taken once: the address goes back to the page's own.
    takeQuery() {
      const query = window.location.search;
      if (query) history.replaceState(null, "", window.location.pathname + window.location.hash);
      return query;
    },
  };
})();
