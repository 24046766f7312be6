export * from './metric.js';
export * from './sd-server.js';
export * from './vgpu.js';
