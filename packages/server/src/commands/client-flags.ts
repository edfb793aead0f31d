/**
 * The flags every client command (`anchorage ca …`, `anchorage quickstart`) takes to reach a
 * running server and sign its requests.
 */
import { homedir } from 'node:os';
import { resolveClientCredentials } from '../client/admin-credentials-source.ts';
import { type ApiClient, createApiClient } from '../client/api-client.ts';

export const CLIENT_FLAGS = {
  endpoint: { kind: 'string', default: 'http://127.0.0.1:8080', help: 'The Anchorage server' },
  region: {
    kind: 'string',
    default: '',
    help: 'Region of the server (default $ANCHORAGE_REGION, else us-east-1)',
  },
  'data-dir': {
    kind: 'string',
    default: '',
    help: 'The server data directory, for its admin credentials (default $ANCHORAGE_DATA_DIR, else ./anchorage-data)',
  },
} as const;

export function clientFrom(
  values: { endpoint: string; region: string; 'data-dir': string },
  env: Readonly<Record<string, string | undefined>>,
): { client: ApiClient; region: string; endpoint: string } {
  const region = values.region || env.ANCHORAGE_REGION || 'us-east-1';
  const dataDir = values['data-dir'] || env.ANCHORAGE_DATA_DIR || './anchorage-data';
  const credentials = resolveClientCredentials(dataDir, env, env.HOME ?? homedir());
  return {
    client: createApiClient({ endpoint: values.endpoint, region, credentials }),
    region,
    endpoint: values.endpoint,
  };
}
