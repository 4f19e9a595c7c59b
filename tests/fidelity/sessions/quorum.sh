#! members 3
# Losing members one by one: the cluster serves writes with 2 of 3, stalls with 1 of 3, and recovers.
# Who wins the first election varies, so the first command hands leadership to infra1 (its "from" varies).
etcdctl --endpoints=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379 move-leader 8211f1d0f64f3269
etcdctl put k v1
etcdctl endpoint health --cluster
#! kill infra2
etcdctl put k v2
etcdctl get k
etcdctl endpoint health --cluster
etcdctl endpoint status --cluster
etcdctl --endpoints=127.0.0.1:22379 get k
etcdctl member list
#! kill infra3
#! wait 2000
etcdctl put k v3
etcdctl get k
etcdctl get k --consistency=s
etcdctl endpoint status
etcdctl endpoint status --cluster -w table
etcdctl endpoint health
etcdctl endpoint health --cluster
etcdctl member list
etcdctl --command-timeout=1s put k v3
#! restart infra2
#! wait 2000
etcdctl put k v4
etcdctl get k
etcdctl --endpoints=127.0.0.1:22379 get k
etcdctl endpoint health --cluster
#! restart infra3
#! wait 1000
etcdctl --endpoints=127.0.0.1:32379 get k
etcdctl endpoint health --cluster
#! stop infra1
#! wait 3000
etcdctl --endpoints=127.0.0.1:22379 put k v5
etcdctl --endpoints=127.0.0.1:22379,127.0.0.1:32379 get k
etcdctl get k
#! restart infra1
#! wait 1000
etcdctl get k
etcdctl member list
