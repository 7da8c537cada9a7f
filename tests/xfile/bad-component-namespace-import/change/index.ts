import * as pulumi from '@pulumi/pulumi';
import * as network from './lib/network';

const serviceName = 'wp-example';
// the component names its security group after its name: fixed here
const vpc = new network.Vpc(`${serviceName}-net`, {}); // expect: missing-env-suffix
// suffixed: fine
const environmentSuffix = new pulumi.Config().require('environmentSuffix');
const vpc2 = new network.Vpc(`${serviceName}-net-${environmentSuffix}`, {});
