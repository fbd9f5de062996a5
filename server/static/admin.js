// The admin's one script of its own (htmx does the rest): a panel opened with the
// keyboard or the mouse puts the focus in its first field, so typing starts at once.
document.addEventListener(
  "toggle",
  (event) => {
    const panel = event.target;
    if (!(panel instanceof HTMLDetailsElement) || !panel.open) return;
    const field = panel.querySelector("input:not([type=hidden]), select, textarea");
    if (field) field.focus();
  },
  true,
);
