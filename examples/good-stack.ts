// The stack of bad-stack.ts done right: stackgate finds nothing here.
// `stackgate check --files examples/good-stack.ts` exits 0.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface GoodStackArgs {
  environmentSuffix: string;
}

export class GoodStack extends pulumi.ComponentResource {
  constructor(name: string, args: GoodStackArgs, opts?: pulumi.ResourceOptions) {
    super('tap:stack:GoodStack', name, {}, opts);
    const config = new pulumi.Config();

    // Bucket name carries the environment suffix (or leave `bucket` out
    // and let Pulumi generate a unique one).
    const data = new aws.s3.Bucket(`data-${args.environmentSuffix}`, {
      bucket: `acme-payments-data-${args.environmentSuffix}`,
      forceDestroy: true,
    }, { parent: this });

    const role = new aws.iam.Role(`app-role-${args.environmentSuffix}`, {
      name: `app-role-${args.environmentSuffix}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'lambda.amazonaws.com' },
        }],
      }),
    }, { parent: this });

    // The password comes from the stack's encrypted configuration
    // (`pulumi config set --secret dbPassword ...`), never from the code.
    const db = new aws.rds.Instance(`db-${args.environmentSuffix}`, {
      identifier: `db-${args.environmentSuffix}`,
      engine: 'postgres',
      instanceClass: 'db.t3.micro',
      allocatedStorage: 20,
      username: 'app',
      password: config.requireSecret('dbPassword'),
      skipFinalSnapshot: true,
    }, { parent: this });

    this.registerOutputs({ bucket: data.id, role: role.arn, db: db.endpoint });
  }
}
