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

// An agenda item dragged onto another takes its place: the same move as the item's Up and
// Down buttons (which remain, for the keyboard), posted through htmx with the page's token.
let dragged = null;
const movable = (node) => (node instanceof Element ? node.closest("li[data-move]") : null);
document.addEventListener("dragstart", (event) => {
  dragged = movable(event.target);
  if (dragged) {
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
  }
});
document.addEventListener("dragover", (event) => {
  const over = movable(event.target);
  if (dragged && over && over.parentElement === dragged.parentElement) event.preventDefault();
});
document.addEventListener("drop", (event) => {
  const onto = movable(event.target);
  if (!dragged || !onto || onto === dragged || onto.parentElement !== dragged.parentElement) {
    return;
  }
  event.preventDefault();
  const position = [...onto.parentElement.children].indexOf(onto) + 1;
  const values = { position: String(position) };
  htmx.ajax("POST", dragged.dataset.move, { source: dragged, target: "#agenda", swap: "outerHTML", values });
  dragged = null;
});
document.addEventListener("dragend", () => {
  dragged = null;
});
