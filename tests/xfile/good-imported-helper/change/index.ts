import * as aws from '@pulumi/aws';
import { environmentSuffix, resourceName, bucketName, tags } from './lib/naming';
import { computed } from './lib/missing';

new aws.s3.Bucket(resourceName('data', environmentSuffix), { bucket: bucketName('data'), tags });
new aws.s3.Bucket(`logs-${environmentSuffix}`, { bucket: `acme-logs-${environmentSuffix}` });
new aws.s3.Bucket(`other-${environmentSuffix}`, { bucket: computed });
