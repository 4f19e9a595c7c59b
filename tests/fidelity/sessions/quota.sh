#! quota-backend-bytes 2000000
# Filling a small backend quota: NOSPACE alarm, then the way out (delete, compact, defrag, disarm).
etcdctl endpoint status -w table
head -c 1600000 /dev/zero | etcdctl put toolarge
etcdctl alarm list
head -c 900000 /dev/zero | etcdctl put big1
#! wait 500
head -c 900000 /dev/zero | etcdctl put big2
#! wait 500
head -c 900000 /dev/zero | etcdctl put big3
etcdctl alarm list
etcdctl alarm list -w json
etcdctl put small x
etcdctl get big --prefix --keys-only
etcdctl get big1 --print-value-only | wc -c
etcdctl endpoint status
etcdctl endpoint status -w table
{"cmd": "etcdctl txn", "stdin": "\nput small x\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "\nget big1 --keys-only\n\n\n"}
etcdctl lease grant 60
etcdctl get big1 -w json --keys-only
etcdctl del big --prefix
etcdctl compaction 4
etcdctl put small x
etcdctl defrag
etcdctl put small x
etcdctl alarm disarm
etcdctl alarm list
etcdctl put small x
etcdctl get small
etcdctl alarm disarm
etcdctl endpoint status -w table
head -c 2000000 /dev/zero | etcdctl put huge
etcdctl alarm list
