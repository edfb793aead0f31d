/** The helper's version, printed by `version` and sent in the User-Agent. */
export const HELPER_VERSION = '0.1.0';
