import * as pulumi from '@pulumi/pulumi';
import { LogStack } from '../lib/log-stack';

const environmentSuffix = new pulumi.Config().require('environmentSuffix');
const logsName = `logs-${environmentSuffix}`;

new LogStack(logsName, { retentionInDays: 14 });
