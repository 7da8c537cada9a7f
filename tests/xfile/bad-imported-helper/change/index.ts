import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { fixedName, secretFor } from './lib/naming';

const environmentSuffix = new pulumi.Config().require('environmentSuffix');
new aws.rds.Instance(`db-${environmentSuffix}`, {
    instanceClass: 'db.t3.micro',
    password: secretFor('db'), // expect: hardcoded-secret
});
