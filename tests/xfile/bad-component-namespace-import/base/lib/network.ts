import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export class Vpc extends pulumi.ComponentResource {
  constructor(name: string, args: { cidrBlock?: string }, opts?: pulumi.ComponentResourceOptions) {
    super('custom:resource:VPC', name, args, opts);
    const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: args.cidrBlock ?? '10.0.0.0/16' }, { parent: this });
    new aws.ec2.SecurityGroup(`${name}-rds-sg`, {
      name: `${name}-rds-sg`,
      vpcId: vpc.id,
    }, { parent: this });
  }
}
