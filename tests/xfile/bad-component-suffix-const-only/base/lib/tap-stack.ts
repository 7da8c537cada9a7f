import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface TapStackArgs {
  environmentSuffix?: string;
  tags?: Record<string, string>;
}

export class TapStack extends pulumi.ComponentResource {
  constructor(name: string, args: TapStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:stack:TapStack', name, args, opts);
    const environmentSuffix = args.environmentSuffix || 'dev';

    new aws.s3.Bucket(`tap-data-${environmentSuffix}`, {
      bucket: `tap-data-${environmentSuffix}`,
      tags: args.tags,
    }, { parent: this });
    new aws.sqs.Queue(`tap-jobs-${environmentSuffix}`, {
      name: `tap-jobs-${environmentSuffix}`,
    }, { parent: this });
    this.registerOutputs({});
  }
}
