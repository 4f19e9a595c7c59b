// Errors with etcd's client-visible messages (api/v3rpc/rpctypes) and the gRPC status code
// each travels with, one table for the whole server so a message is written once.

export type GrpcCode =
  | "InvalidArgument"
  | "NotFound"
  | "FailedPrecondition"
  | "OutOfRange"
  | "ResourceExhausted"
  | "Unavailable"
  | "DeadlineExceeded"
  | "Canceled";

export class EtcdError extends Error {
  override name = "EtcdError";

  constructor(
    message: string,
    readonly code: GrpcCode = "InvalidArgument",
  ) {
    super(message);
  }
}

const e = (message: string, code?: GrpcCode) => () => new EtcdError(message, code);

export const errors = {
  emptyKey: e("etcdserver: key is not provided"),
  keyNotFound: e("etcdserver: key not found"),
  valueProvided: e("etcdserver: value is provided"),
  leaseProvided: e("etcdserver: lease is provided"),
  tooManyOps: e("etcdserver: too many operations in txn request"),
  duplicateKey: e("etcdserver: duplicate key given in txn request"),
  leaseNotFound: e("etcdserver: requested lease not found", "NotFound"),
  leaseExists: e("etcdserver: lease already exists", "FailedPrecondition"),
  leaseTtlTooLarge: e("etcdserver: too large lease TTL", "OutOfRange"),
  noSpace: e("etcdserver: mvcc: database space exceeded", "ResourceExhausted"),
  requestTooLarge: e("etcdserver: request is too large"),
  timeout: e("etcdserver: request timed out", "Unavailable"),
  timeoutDueToLeaderFail: e("etcdserver: request timed out, possibly due to previous leader failure", "Unavailable"),
  timeoutDueToConnectionLost: e("etcdserver: request timed out, possibly due to connection lost", "Unavailable"),
  noLeader: e("etcdserver: no leader", "Unavailable"),
  leaderChanged: e("etcdserver: leader changed", "Unavailable"),
  stopped: e("etcdserver: server stopped", "Unavailable"),
  notCapable: e("etcdserver: not capable", "Unavailable"),
  memberNotFound: e("etcdserver: member not found", "NotFound"),
  memberExist: e("etcdserver: member ID already exist", "FailedPrecondition"),
  peerURLExist: e("etcdserver: Peer URLs already exists", "FailedPrecondition"),
  memberNotLearner: e("etcdserver: can only promote a learner member", "FailedPrecondition"),
  learnerNotReady: e("etcdserver: can only promote a learner member which is in sync with leader", "FailedPrecondition"),
  tooManyLearners: e("etcdserver: too many learner members in cluster", "FailedPrecondition"),
  unhealthy: e("etcdserver: unhealthy cluster", "Unavailable"),
  notEnoughStartedMembers: e("etcdserver: re-configuration failed due to not enough started members", "FailedPrecondition"),
  notLeader: e("etcdserver: not leader", "FailedPrecondition"),
  badLeaderTransferee: e("etcdserver: bad leader transferee", "FailedPrecondition"),
  learnerNotSupported: e("etcdserver: rpc not supported for learner", "Unavailable"),
  /** The client's own deadline (etcdctl --command-timeout, --dial-timeout). */
  deadlineExceeded: e("context deadline exceeded", "DeadlineExceeded"),
};
