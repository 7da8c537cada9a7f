import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { logBucket, buckets } from './lib/config';
import * as naming from './lib/naming';
import defaults from './lib/config/names';

const environmentSuffix = new pulumi.Config().require('environmentSuffix');
new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: naming.primary }); // expect: static-bucket-name
new aws.s3.Bucket(`logs-${environmentSuffix}`, { bucket: logBucket }); // expect: static-bucket-name
new aws.s3.Bucket(`archive-${environmentSuffix}`, { bucket: buckets.archive }); // expect: static-bucket-name
new aws.s3.Bucket(`archive2-${environmentSuffix}`, { bucket: defaults.archive }); // expect: static-bucket-name
