export const bucketName = 'acme-data';
export const settings = { logBucket: 'acme-logs', retention: 7 };
export const dbPassword = 'Tr0ub4dor&3xK9mQ2';
