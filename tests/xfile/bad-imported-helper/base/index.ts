import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

const environmentSuffix = new pulumi.Config().require('environmentSuffix');
