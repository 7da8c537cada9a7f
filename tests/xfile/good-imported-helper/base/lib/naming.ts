import * as pulumi from '@pulumi/pulumi';

export const environmentSuffix = new pulumi.Config().require('environmentSuffix');
export function resourceName(base: string, sfx: string): string {
    return `${base}-${sfx}`;
}
export const bucketName = (base: string) => `acme-${base}-${environmentSuffix}`;
export const tags = { project: 'acme', env: environmentSuffix };
