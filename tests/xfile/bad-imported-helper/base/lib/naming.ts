export function fixedName(): string {
    return 'acme-fixed';
}
export const secretFor = (svc: string) => 'hunter2-Xk29aLq8Zp';
