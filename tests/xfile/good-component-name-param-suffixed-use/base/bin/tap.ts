import * as pulumi from '@pulumi/pulumi';
import { LogStack } from '../lib/log-stack';

const environmentSuffix = new pulumi.Config().require('environmentSuffix');

new LogStack(`logs-${environmentSuffix}`, { retentionInDays: 14 });
