import * as aws from '@pulumi/aws';
import { bucketName } from './lib/config';

const logs = new aws.s3.Bucket('logs', { bucket: 'acme-logs' });
