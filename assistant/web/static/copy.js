// Copies a hit's citation: one delegated listener, since Gradio's sanitiser strips handlers and data
// attributes from markup inside chat messages.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.copy-cite");
  if (!button) return;
  const cite = button.closest(".hit").querySelector(".hit-cite").textContent;
  const done = () => { button.dataset.label = button.textContent; button.textContent = "✓"; };
  if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(cite).then(done, done); }
  else { const t = document.createElement("textarea"); t.value = cite; document.body.appendChild(t); t.select();
         document.execCommand("copy"); t.remove(); done(); }
});
