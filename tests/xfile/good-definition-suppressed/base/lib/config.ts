import * as pulumi from '@pulumi/pulumi';

export const environmentSuffix = new pulumi.Config().require('environmentSuffix');
export const bucketName = `acme-data-${environmentSuffix}`;
export const dbPassword = new pulumi.Config().requireSecret('dbPassword');
