# Endpoint checks, defragmentation, snapshots, version and alarms on one member.
etcdctl put a 1
etcdctl put b 2
etcdctl endpoint status
etcdctl endpoint status -w table
etcdctl endpoint status -w json
etcdctl endpoint status -w fields
etcdctl endpoint status --cluster
etcdctl endpoint status --cluster -w table
etcdctl endpoint health
etcdctl endpoint health -w table
etcdctl endpoint health -w json
etcdctl endpoint health --cluster
etcdctl endpoint hashkv
etcdctl endpoint hashkv -w table
etcdctl endpoint hashkv -w json
etcdctl endpoint hashkv --rev=2
etcdctl endpoint hashkv --cluster
etcdctl endpoint
etcdctl defrag
etcdctl defrag --cluster
etcdctl defrag -w json
etcdctl snapshot save snap.db
ls
etcdctl snapshot status snap.db
etcdctl snapshot status snap.db -w table
etcdctl snapshot status snap.db -w json
etcdctl snapshot status missing.db
etcdctl snapshot save
etcdctl snapshot save a.db b.db
etcdctl snapshot save nodir/snap.db
etcdctl snapshot restore snap.db --data-dir restored
ls -R restored
etcdctl snapshot restore snap.db --data-dir restored
etcdctl snapshot restore snap.db
ls
etcdctl snapshot restore snap.db --name m1 --initial-cluster m1=http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 --data-dir m1.etcd
etcdctl snapshot restore snap.db --name m1 --initial-cluster m2=http://127.0.0.1:2380 --data-dir bad.etcd
etcdctl snapshot restore missing.db --data-dir x
etcdctl snapshot restore
etcdctl snapshot
etcdctl version
etcdctl version -w json
etcdctl alarm list
etcdctl alarm disarm
etcdctl alarm
etcdctl endpoint status -w json --hex
