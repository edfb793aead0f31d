/**
 * Quotes a name for SQL (the schema comes from configuration and may hold any character), as
 * PostgreSQL's quote_ident does: within double quotes, a double quote is doubled.
 */

/** PostgreSQL cuts longer names silently (NAMEDATALEN - 1): the store would then miss its schema. */
const MAX_NAME_BYTES = 63;

export function quoteIdentifier(name: string): string {
  if (name === '' || name.includes('\0') || Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) {
    throw new RangeError(`${JSON.stringify(name)} is not a PostgreSQL name (1 to 63 bytes, no NUL)`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}
