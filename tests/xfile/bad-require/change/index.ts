import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import shared = require('./lib/shared');
const settings = require('./lib/settings');
const again = require('./lib/shared');

const environmentSuffix = new pulumi.Config().require('environmentSuffix');
new aws.s3.Bucket(`a-${environmentSuffix}`, { bucket: shared.bucketName }); // expect: static-bucket-name
new aws.s3.Bucket(`b-${environmentSuffix}`, { bucket: again.bucketName }); // expect: static-bucket-name
new aws.s3.Bucket(`c-${environmentSuffix}`, { bucket: settings.never });
