# Revisions: reading the past, compaction, and what compaction makes unreachable.
etcdctl put a 1
etcdctl put b 1
etcdctl put a 2
etcdctl put c 1
etcdctl del b
etcdctl put a 3
etcdctl get a -w json
etcdctl get a --rev=2
etcdctl get a --rev=4 -w json
etcdctl get b --rev=5
etcdctl get b --rev=6
etcdctl get a --from-key --rev=3
etcdctl get a --rev=7
etcdctl get a --rev=8
etcdctl get a --rev=100
etcdctl get a --rev=-1
timeout 2 etcdctl watch a --rev=1
etcdctl compaction 4
etcdctl get a --rev=3
etcdctl get a --rev=3 -w json
etcdctl get a --rev=4
etcdctl get a --rev=0
etcdctl compaction 4
etcdctl compaction 2
etcdctl compaction 100
etcdctl compaction 0
etcdctl compaction abc
etcdctl compaction
timeout 2 etcdctl watch a --rev=2
timeout 2 etcdctl watch a --rev=2 -w json
timeout 2 etcdctl watch a --rev=4
etcdctl compaction --physical 6
etcdctl get a --rev=5
etcdctl get "" --from-key --rev=6
timeout 2 etcdctl watch a --rev=6
etcdctl put a 4 -w json
etcdctl endpoint hashkv --rev=6 -w json
