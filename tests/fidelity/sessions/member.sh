#! members 3
# Membership changes on etcd's Procfile cluster: infra1 8211f1d0f64f3269, infra2 91bc3c398fb3c146, infra3 fd422379fda50e48.
# Who wins the first election varies, so the first command hands leadership to infra1 (its "from" varies).
etcdctl --endpoints=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379 move-leader 8211f1d0f64f3269
etcdctl member list
etcdctl member list -w table
etcdctl member list -w json
etcdctl member list -w fields
etcdctl member list --endpoints=127.0.0.1:32379
etcdctl endpoint status --cluster -w table
# etcd refuses membership changes until every member has been connected for 5 s (strict reconfig check).
etcdctl member add infra4 --peer-urls=http://127.0.0.1:42380
#! wait 5000
etcdctl member add infra4 --peer-urls=http://127.0.0.1:42380
etcdctl member list
export ID4=$(etcdctl member list | grep 42380 | cut -d, -f1)
etcdctl member list -w table
etcdctl endpoint status --cluster
etcdctl put after-add ok
etcdctl member promote $ID4
etcdctl member remove $ID4
etcdctl member remove $ID4
etcdctl member list
# Every add uses a new peer URL: etcd derives the new ID from the peer URLs and the current second,
# so re-adding a just-removed URL within the same second collides with the removed ID ("member not found").
etcdctl member add infra5 --peer-urls=http://127.0.0.1:52380 --learner
export L5=$(etcdctl member list | grep 52380 | cut -d, -f1)
etcdctl member list -w table
etcdctl member add infra6 --peer-urls=http://127.0.0.1:62380 --learner
etcdctl member promote $L5
etcdctl member remove $L5
etcdctl member list
etcdctl member add infra7 --peer-urls=http://127.0.0.1:7380 -w json
export J7=$(etcdctl member list | grep :7380 | cut -d, -f1)
etcdctl member remove $J7 -w json
etcdctl member promote 91bc3c398fb3c146
etcdctl member promote 1234
etcdctl member promote
etcdctl member update 91bc3c398fb3c146 --peer-urls=http://localhost:22380
etcdctl member list
etcdctl member update 91bc3c398fb3c146 --peer-urls=http://127.0.0.1:22380 -w json
etcdctl member list
etcdctl member update 1234 --peer-urls=http://127.0.0.1:1
etcdctl member update 91bc3c398fb3c146
etcdctl member update
etcdctl member remove 1234
etcdctl member remove zz
etcdctl member remove
etcdctl member add
etcdctl member add infra8
etcdctl member add infra8 --peer-urls=http://127.0.0.1:12380
etcdctl member add infra8 --peer-urls=not-a-url
etcdctl member add infra8 --peer-urls=http://127.0.0.1:8380 extra
etcdctl --endpoints=127.0.0.1:22379 move-leader fd422379fda50e48
etcdctl move-leader fd422379fda50e48
etcdctl endpoint status --cluster -w table
etcdctl --endpoints=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379 move-leader 91bc3c398fb3c146
etcdctl --endpoints=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379 move-leader 1234
etcdctl --endpoints=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379 move-leader
etcdctl --endpoints=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379 move-leader zz
etcdctl member
