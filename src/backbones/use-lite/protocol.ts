/** Messages between the main thread and a USE-lite worker. */

/** Token ids of `offsets.length - 1` texts, text i being `tokens[offsets[i]..offsets[i+1])`. */
export interface WorkerRequest {
  id: number;
  tokens: Int32Array;
  offsets: Int32Array;
}

export type WorkerReply = { id: number; vectors: Float32Array } | { id: number; error: string };
