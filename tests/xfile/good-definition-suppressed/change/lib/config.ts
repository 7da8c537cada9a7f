import * as pulumi from '@pulumi/pulumi';

export const environmentSuffix = new pulumi.Config().require('environmentSuffix');
// stackgate:ignore static-bucket-name -- the shared data bucket, created once for every stack
export const bucketName = 'acme-data';
export const dbPassword = new pulumi.Config().requireSecret('dbPassword');
