/**
 * The process's one TensorFlow.js instance, on the WebAssembly backend. Every module that
 * needs tensors gets them through `loadTf()`; only backbone files that run the frozen graph
 * import tfjs packages directly. Loaded lazily so that commands that need no tensors
 * (a fully cached run, `graft tasks`) never pay for it.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export type Tf = typeof import('@tensorflow/tfjs-core');

let ready: Promise<Tf> | undefined;

/** Initialises the wasm backend once and returns tfjs-core. */
export function loadTf(): Promise<Tf> {
  ready ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    wasm.setWasmPaths(dirname(wasmFile) + '/');
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  })();
  return ready;
}
