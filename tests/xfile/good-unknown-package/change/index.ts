import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { bucketName } from '@acme/naming';
import { dbPassword } from 'company-secrets';

const config = new pulumi.Config();
const environmentSuffix = config.require('environmentSuffix');
const data = new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: bucketName });
const db = new aws.rds.Instance(`db-${environmentSuffix}`, {
    instanceClass: 'db.t3.micro',
    password: dbPassword,
});
