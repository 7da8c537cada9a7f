import * as aws from '@pulumi/aws';
import { region } from './config';

const provider = new aws.Provider('provider', { region });
