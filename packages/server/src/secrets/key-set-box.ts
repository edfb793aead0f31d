/**
 * A secret box over two data keys, for the time a data-key rotation is under way: it seals with
 * one key and opens what either key sealed. AES-GCM's tag tells the keys apart (a wrong key fails
 * authentication), so no key id needs to travel in the sealed text and the `v1` format stays.
 */
import { createSecretBox, type SecretBox } from './secret-box.ts';

export function createKeySetBox(sealWith: Uint8Array, alsoOpenWith: Uint8Array | undefined): SecretBox {
  const primary = createSecretBox(sealWith);
  if (alsoOpenWith === undefined) return primary;
  const secondary = createSecretBox(alsoOpenWith);
  return {
    seal: (plaintext, associatedData) => primary.seal(plaintext, associatedData),
    open(sealed, associatedData) {
      try {
        return primary.open(sealed, associatedData);
      } catch {
        // Not this key (or not intact): the other key's verdict, and its error, decide.
        return secondary.open(sealed, associatedData);
      }
    },
  };
}
