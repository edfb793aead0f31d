/**
 * `update` may change anything but the id: the id is the key the record is stored under, so a
 * changed one would leave a record that `get` finds under a name it does not carry. That is the
 * caller's bug, hence `TypeError`. Shared by every backend.
 */
export function assertSameId(id: string, changed: { readonly id: string }): void {
  if (changed.id !== id) {
    throw new TypeError(`update must keep the id: ${id} became ${String(changed.id)}`);
  }
}
