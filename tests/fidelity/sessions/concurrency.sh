# Distributed locks and leader election built on leases (etcdctl lock / elect).
etcdctl lock mylock echo holding the lock
etcdctl lock mylock false
timeout 2 etcdctl lock mylock
etcdctl get mylock --prefix --keys-only
etcdctl lock
etcdctl lock --ttl=1 mylock echo ttl
timeout 2 etcdctl elect myelection proposal-a
timeout 2 etcdctl elect -l myelection
etcdctl get myelection --prefix -w json
etcdctl elect myelection
etcdctl elect
