/**
 * Which S3 action and resource a request to an S3-compatible store is (path-style addressing:
 * `/<bucket>/<key>`), as the IAM Service Authorization Reference names them, so that IAM
 * policies written for S3 govern the store behind the gateway unchanged.
 */

export interface S3Access {
  readonly action: string;
  readonly resource: string;
}

export function s3AccessOf(method: string, rawPath: string, rawQuery: string): S3Access | undefined {
  const [bucket = '', ...keyParts] = rawPath.replace(/^\//, '').split('/');
  const key = keyParts.map((p) => decodeURIComponent(p)).join('/');
  const query = new Set(rawQuery.split('&').map((p) => p.split('=')[0] ?? ''));
  if (bucket === '') return method === 'GET' ? { action: 's3:ListAllMyBuckets', resource: '*' } : undefined;
  const bucketArn = `arn:aws:s3:::${decodeURIComponent(bucket)}`;
  if (key === '') {
    switch (method) {
      case 'GET':
      case 'HEAD':
        return {
          action: query.has('location') ? 's3:GetBucketLocation' : 's3:ListBucket',
          resource: bucketArn,
        };
      case 'PUT':
        return { action: 's3:CreateBucket', resource: bucketArn };
      case 'DELETE':
        return { action: 's3:DeleteBucket', resource: bucketArn };
      case 'POST':
        return query.has('delete') ? { action: 's3:DeleteObject', resource: `${bucketArn}/*` } : undefined;
      default:
        return undefined;
    }
  }
  const objectArn = `${bucketArn}/${key}`;
  switch (method) {
    case 'GET':
    case 'HEAD':
      return { action: 's3:GetObject', resource: objectArn };
    case 'PUT':
      return { action: 's3:PutObject', resource: objectArn };
    case 'DELETE':
      return { action: 's3:DeleteObject', resource: objectArn };
    default:
      return undefined;
  }
}
