import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export class LogStack extends pulumi.ComponentResource {
  constructor(name: string, args: { environmentSuffix?: string; retentionInDays: number }, opts?: pulumi.ComponentResourceOptions) {
    super('tap:logs:LogStack', name, args, opts);
    this.registerOutputs({});
  }
}
