// Entry of a worker thread for automatic stage work (see worker-pool.ts).
export {};
