/**
 * Moves an ordering question's item up or down without a round trip (the quiz and live pages):
 * `button` is the item's "move" button (value "<index>:up" or "<index>:down"); every item's
 * buttons are renumbered and the first's "up" and the last's "down" disabled, as the server
 * renders them.
 */
export function moveInList(button: HTMLButtonElement): void {
  const item = button.closest("li");
  const list = item?.parentElement;
  if (!item || !list) return;
  if (button.value.endsWith(":up") && item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
  else if (button.value.endsWith(":down") && item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
  const all = [...list.children];
  all.forEach((child, i) => {
    const [up, down] = child.querySelectorAll("button");
    if (!up || !down) return;
    up.value = `${i}:up`;
    down.value = `${i}:down`;
    up.disabled = i === 0;
    down.disabled = i === all.length - 1;
  });
}
