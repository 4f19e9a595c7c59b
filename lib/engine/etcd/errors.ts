// Errors with etcd's client-visible messages (api/v3rpc/rpctypes), one table for the
// whole server so a message is written once.

export class EtcdError extends Error {
  override name = "EtcdError";
}

export const errors = {
  emptyKey: () => new EtcdError("etcdserver: key is not provided"),
  keyNotFound: () => new EtcdError("etcdserver: key not found"),
  valueProvided: () => new EtcdError("etcdserver: value is provided"),
  leaseProvided: () => new EtcdError("etcdserver: lease is provided"),
  tooManyOps: () => new EtcdError("etcdserver: too many operations in txn request"),
  duplicateKey: () => new EtcdError("etcdserver: duplicate key given in txn request"),
  leaseNotFound: () => new EtcdError("etcdserver: requested lease not found"),
  leaseExists: () => new EtcdError("etcdserver: lease already exists"),
  leaseTtlTooLarge: () => new EtcdError("etcdserver: too large lease TTL"),
};
