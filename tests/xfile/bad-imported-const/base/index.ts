import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { bucketName, settings, dbPassword as password } from './lib/config';

const config = new pulumi.Config();
const environmentSuffix = config.require('environmentSuffix');
