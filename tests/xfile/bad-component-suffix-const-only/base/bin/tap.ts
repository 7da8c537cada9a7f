import * as pulumi from '@pulumi/pulumi';
import { TapStack } from '../lib/tap-stack';

const config = new pulumi.Config();
const environmentSuffix = config.require('environmentSuffix');

new TapStack('TapStack', { environmentSuffix, tags: { Project: 'tap' } });
