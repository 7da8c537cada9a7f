import * as pulumi from '@pulumi/pulumi';
import { TapStack } from '../lib/tap-stack';

const config = new pulumi.Config();
const environmentSuffix = 'prod'; // expect: missing-env-suffix

new TapStack('TapStack', { environmentSuffix, tags: { Project: 'tap' } });
