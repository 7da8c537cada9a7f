import * as pulumi from '@pulumi/pulumi';
import { LogStack } from '../lib/log-stack';

const environmentSuffix = new pulumi.Config().require('environmentSuffix');
const logsName = 'logs'; // expect: missing-env-suffix

new LogStack(logsName, { retentionInDays: 14 });
