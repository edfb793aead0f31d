/**
 * Finding certificate objects across tokens, in the order of draft-woodhouse-cert-best-practice
 * §8.1 (which the official helper follows): search every token the URI matches without logging
 * in; only if nothing is found and exactly one token matches, log in and search its private
 * objects too. Logging in to several tokens on a guess would spend PIN tries on all of them.
 */
import { type CertificateObject, findCertificateObjects } from './certificate-objects.ts';
import { pinFromUris } from './pin.ts';
import { Pkcs11Error } from './pkcs11-error.ts';
import {
  describeSlot,
  libraryMatches,
  listSlots,
  type SlotDescription,
  slotMatches,
} from './pkcs11-slots.ts';
import type { Pkcs11Uri } from './pkcs11-uri.ts';
import { type AskPin, loginUser } from './token-login.ts';
import type { TokenSessions } from './token-sessions.ts';

export interface CertificateSearch {
  readonly sessions: TokenSessions;
  readonly uri: Pkcs11Uri;
  /** The URI for messages (no PIN). */
  readonly described: string;
  /** URIs that may carry the PIN, most specific first. */
  readonly pinUris: readonly (Pkcs11Uri | undefined)[];
  readonly askPin?: AskPin | undefined;
}

export interface CertificateSearchResult {
  /** Tokens the URI matches. */
  readonly slots: readonly SlotDescription[];
  readonly matches: readonly CertificateObject[];
  /** The user PIN, if the search had to log in. */
  readonly userPin: string | undefined;
}

/** Tokens matching `uri`; throws, listing the tokens present, if there is none. */
export function matchingSlots(sessions: TokenSessions, uri: Pkcs11Uri, described: string): SlotDescription[] {
  const { library } = sessions;
  if (!libraryMatches(uri, library)) {
    throw new Pkcs11Error(
      `the PKCS#11 library ${JSON.stringify(library.path)} does not match the library-* attributes of ${described}: ` +
        'give the right module with --pkcs11-lib or module-path=',
    );
  }
  const all = listSlots(library);
  const slots = all.filter((slot) => slotMatches(uri, slot));
  if (slots.length === 0) {
    const present =
      all.length === 0
        ? 'the module shows no initialized token'
        : `tokens present: ${all.map(describeSlot).join(', ')}`;
    throw new Pkcs11Error(
      `no PKCS#11 token matches ${described} (${present}); check token= and the other token attributes, ` +
        `and that ${JSON.stringify(library.path)} is the module for that token`,
    );
  }
  return slots;
}

function searchSlot(sessions: TokenSessions, slot: SlotDescription, uri: Pkcs11Uri): CertificateObject[] {
  let session: Buffer;
  try {
    session = sessions.session(slot);
  } catch {
    // A token that will not open a session cannot hold our certificate; the official helper skips it too.
    return [];
  }
  return findCertificateObjects(sessions.library, session, slot, uri);
}

export async function searchCertificates(search: CertificateSearch): Promise<CertificateSearchResult> {
  const { sessions, uri } = search;
  const slots = matchingSlots(sessions, uri, search.described);
  const matches = slots.flatMap((slot) => searchSlot(sessions, slot, uri));
  const [only] = slots;
  if (matches.length > 0 || slots.length !== 1 || only === undefined)
    return { slots, matches, userPin: undefined };

  const { ck } = sessions.library;
  const canLogIn =
    (only.tokenFlags & ck.CKF_LOGIN_REQUIRED) !== 0 &&
    ((only.tokenFlags & ck.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0 ||
      search.askPin !== undefined ||
      (await pinFromUris(search.pinUris)) !== undefined);
  if (!canLogIn) return { slots, matches, userPin: undefined };
  const userPin = await loginUser({
    library: sessions.library,
    session: sessions.session(only),
    slot: only,
    uris: search.pinUris,
    described: search.described,
    askPin: search.askPin,
  });
  sessions.loggedIn.add(only.slotId);
  return { slots, matches: searchSlot(sessions, only, uri), userPin };
}
