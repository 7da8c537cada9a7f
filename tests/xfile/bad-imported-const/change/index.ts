import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { bucketName, settings, dbPassword as password } from './lib/config';

const config = new pulumi.Config();
const environmentSuffix = config.require('environmentSuffix');
const data = new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: bucketName }); // expect: static-bucket-name
const logs = new aws.s3.Bucket(`logs-${environmentSuffix}`, { bucket: settings.logBucket }); // expect: static-bucket-name
const db = new aws.rds.Instance(`db-${environmentSuffix}`, {
    instanceClass: 'db.t3.micro',
    password, // expect: hardcoded-secret
});
