export * from "./errors";
export * from "./types";
export { MemoryStorage, type Storage } from "./storage";
export { RaftLog } from "./log";
export { Progress, Inflights, type ProgressState } from "./progress";
export { Raft, CAMPAIGN_TRANSFER, type RaftConfig, type RaftRandom, type SoftState, type StateType } from "./raft";
export { RawNode, type Ready, type RaftStatus, type SavedRawNode } from "./rawnode";
export type { ReadState } from "./read-only";
