import * as aws from '@pulumi/aws';
import { bucketName } from './lib/config';

const data = new aws.s3.Bucket('data', { bucket: bucketName });
const logs = new aws.s3.Bucket('logs', { bucket: 'acme-logs' });
