import * as aws from '@pulumi/aws';
import { region } from './config';

const provider = new aws.Provider('provider', { region });
const data = new aws.s3.Bucket('data', { bucket: 'acme-data' }); // expect: static-bucket-name,unsuffixed-logical-name
