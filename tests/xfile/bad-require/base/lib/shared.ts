export const bucketName = 'acme-shared';
export const apiKey = 'sk_live_51HqLyjWDarjtT1zdp7dcXYZ';
