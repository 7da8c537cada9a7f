export const bucketName = 'acme-data';
