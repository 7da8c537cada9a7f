import * as pulumi from '@pulumi/pulumi';

export const environmentSuffix = new pulumi.Config().require('environmentSuffix');
export const bucketName = 'acme-data';
export const dbPassword = 'Sup3r-Secr3t-Pa55w0rd!';
