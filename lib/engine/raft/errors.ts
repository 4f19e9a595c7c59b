// Named errors, as etcd-io/raft's. Callers compare with `instanceof`.

export class RaftError extends Error {
  override name = "RaftError";
}

/** The requested index is older than the storage's first index: it was compacted away. */
export class ErrCompacted extends RaftError {
  override name = "ErrCompacted";
  constructor() {
    super("requested index is unavailable due to compaction");
  }
}

/** A snapshot older than the one the storage already has. */
export class ErrSnapOutOfDate extends RaftError {
  override name = "ErrSnapOutOfDate";
  constructor() {
    super("requested index is older than the existing snapshot");
  }
}

/** The requested index is beyond the last index in storage. */
export class ErrUnavailable extends RaftError {
  override name = "ErrUnavailable";
  constructor() {
    super("requested entry at index is unavailable");
  }
}

export class ErrSnapshotTemporarilyUnavailable extends RaftError {
  override name = "ErrSnapshotTemporarilyUnavailable";
  constructor() {
    super("snapshot is temporarily unavailable");
  }
}

/** A proposal was dropped: no leader, a leadership transfer in progress, or the node was removed. */
export class ErrProposalDropped extends RaftError {
  override name = "ErrProposalDropped";
  constructor() {
    super("raft proposal dropped");
  }
}

export class ErrStepLocalMsg extends RaftError {
  override name = "ErrStepLocalMsg";
  constructor() {
    super("raft: cannot step raft local message");
  }
}

export class ErrStepPeerNotFound extends RaftError {
  override name = "ErrStepPeerNotFound";
  constructor() {
    super("raft: cannot step as peer not found");
  }
}
