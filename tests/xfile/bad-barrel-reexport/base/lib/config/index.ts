export * from './names';
export { default as buckets } from './names';
