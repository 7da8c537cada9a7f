import * as aws from '@pulumi/aws';
