import * as aws from '@pulumi/aws';
import { environmentSuffix, bucketName, dbPassword } from './lib/config';

const data = new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: bucketName });
const db = new aws.rds.Instance(`db-${environmentSuffix}`, {
    instanceClass: 'db.t3.micro',
    password: dbPassword,
});
