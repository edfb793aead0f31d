/**
 * fromRolesAnywhere in a Node program: the AWS SDK for JavaScript v3 gets credentials from
 * Roles Anywhere (AWS's or Anchorage's) with no helper process. Run it with:
 *
 *   ANCHORAGE_CERTIFICATE=workload.pem ANCHORAGE_PRIVATE_KEY=workload.key \
 *   ANCHORAGE_TRUST_ANCHOR_ARN=arn:aws:rolesanywhere:… ANCHORAGE_PROFILE_ARN=arn:aws:rolesanywhere:… \
 *   ANCHORAGE_ROLE_ARN=arn:aws:iam::…:role/… \
 *   ANCHORAGE_ENDPOINT=http://127.0.0.1:8080 \        (leave out for AWS itself)
 *   node examples/sdk-provider/get-caller-identity.ts
 *
 * ANCHORAGE_INTERMEDIATES (a PEM bundle file) is optional. STS goes to ANCHORAGE_ENDPOINT too
 * when it is set, since Anchorage serves STS on the same address.
 */
import { fromRolesAnywhere } from '@anchorage/helper';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    process.stderr.write(`set ${name} (see the comment at the top of this file)\n`);
    process.exit(2);
  }
  return value;
}

const endpoint = process.env.ANCHORAGE_ENDPOINT;
const intermediates = process.env.ANCHORAGE_INTERMEDIATES;
const credentials = fromRolesAnywhere({
  // { path } is read again at every renewal, so a rotated certificate is picked up.
  certificate: { path: required('ANCHORAGE_CERTIFICATE') },
  privateKey: { path: required('ANCHORAGE_PRIVATE_KEY') },
  ...(intermediates === undefined ? {} : { intermediates: { path: intermediates } }),
  trustAnchorArn: required('ANCHORAGE_TRUST_ANCHOR_ARN'),
  profileArn: required('ANCHORAGE_PROFILE_ARN'),
  roleArn: required('ANCHORAGE_ROLE_ARN'),
  ...(endpoint === undefined ? {} : { endpoint }),
});

const sts = new STSClient({
  region: process.env.AWS_REGION ?? 'us-east-1',
  ...(endpoint === undefined ? {} : { endpoint }),
  credentials,
});
const identity = await sts.send(new GetCallerIdentityCommand({}));
process.stdout.write(`${identity.Arn}\n`);
