/**
 * Read-only sessions (PKCS#11 v2.40 §5.6: CKF_SERIAL_SESSION, no CKF_RW_SESSION; signing needs
 * no more), one per slot, opened on first use and all closed together. Closing the last session
 * to a token also ends its login (§5.6 C_CloseSession), so no explicit C_Logout is needed, and
 * none is done: another identity of this process may be logged in to the same token.
 */
import type { Pkcs11Library } from './pkcs11-library.ts';
import type { SlotDescription } from './pkcs11-slots.ts';

export class TokenSessions {
  readonly library: Pkcs11Library;
  readonly #open = new Map<bigint, Buffer>();
  /** Slots this object has logged in to as CKU_USER. */
  readonly loggedIn = new Set<bigint>();

  constructor(library: Pkcs11Library) {
    this.library = library;
  }

  session(slot: SlotDescription): Buffer {
    let session = this.#open.get(slot.slotId);
    if (session === undefined) {
      session = this.library.p11.C_OpenSession(slot.handle, this.library.ck.CKF_SERIAL_SESSION);
      this.#open.set(slot.slotId, session);
    }
    return session;
  }

  /** Closes every session but the one to `keep`'s slot. */
  closeExcept(keep: SlotDescription | undefined): void {
    for (const [slotId, session] of this.#open) {
      if (slotId === keep?.slotId) continue;
      this.#close(session);
      this.#open.delete(slotId);
      this.loggedIn.delete(slotId);
    }
  }

  closeAll(): void {
    this.closeExcept(undefined);
  }

  #close(session: Buffer): void {
    try {
      this.library.p11.C_CloseSession(session);
    } catch {
      // A removed token has already lost its sessions.
    }
  }
}
