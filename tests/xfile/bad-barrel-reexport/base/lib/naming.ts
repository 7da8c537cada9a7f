export { dataBucket as primary } from './config';
