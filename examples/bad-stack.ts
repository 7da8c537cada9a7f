// A deliberately bad Pulumi stack: stackgate must refuse every marked line.
// `stackgate check --files examples/bad-stack.ts` exits 1.
// good-stack.ts beside it is the same stack done right.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface BadStackArgs {
  environmentSuffix: string;
}

export class BadStack extends pulumi.ComponentResource {
  constructor(name: string, args: BadStackArgs, opts?: pulumi.ResourceOptions) {
    super('tap:stack:BadStack', name, {}, opts);

    // static-bucket-name: a fixed global bucket name clashes between
    // environments and with every other AWS account.
    const data = new aws.s3.Bucket(`data-${args.environmentSuffix}`, {
      bucket: 'acme-payments-data',
      forceDestroy: true,
    }, { parent: this });

    // missing-env-suffix: the logical name and the role name are the same
    // in every environment, so two stacks in one account collide.
    const role = new aws.iam.Role('app-role', {
      name: 'app-role',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'lambda.amazonaws.com' },
        }],
      }),
    }, { parent: this });

    // hardcoded-secret: the password is in git forever; pulumi.secret()
    // only encrypts it in the state file.
    const db = new aws.rds.Instance(`db-${args.environmentSuffix}`, {
      identifier: `db-${args.environmentSuffix}`,
      engine: 'postgres',
      instanceClass: 'db.t3.micro',
      allocatedStorage: 20,
      username: 'app',
      password: pulumi.secret('ChangeMe123!'),
      skipFinalSnapshot: true,
    }, { parent: this });

    this.registerOutputs({ bucket: data.id, role: role.arn, db: db.endpoint });
  }
}
