/**
 * Raised when a database carries migrations this build does not know: it was written by a newer
 * Anchorage, and running older code on it could misread or damage what that version stored.
 */
export class SchemaTooNewError extends Error {
  readonly unknownVersions: readonly number[];

  constructor(path: string, unknownVersions: readonly number[], latestKnown: number) {
    super(
      `the database ${path} has schema migration(s) ${unknownVersions.join(', ')}, but this version ` +
        `of Anchorage knows migrations up to ${latestKnown} only: it was written by a newer ` +
        'Anchorage; run that version (or newer) instead',
    );
    this.name = 'SchemaTooNewError';
    this.unknownVersions = unknownVersions;
  }
}
