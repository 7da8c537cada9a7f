import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export class LogStack extends pulumi.ComponentResource {
  constructor(name: string, args: { retentionInDays: number }, opts?: pulumi.ComponentResourceOptions) {
    super('tap:logs:LogStack', name, args, opts);
    new aws.cloudwatch.LogGroup(`${name}-app`, {
      name: `/app/${name}-logs`,
      retentionInDays: args.retentionInDays,
    }, { parent: this });
  }
}
