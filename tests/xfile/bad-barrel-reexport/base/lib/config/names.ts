export const dataBucket = 'acme-data';
const logs = 'acme-logs';
export { logs as logBucket };
export default { archive: 'acme-archive' };
