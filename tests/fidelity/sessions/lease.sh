# Leases: grant, attach keys, inspect, keep alive, revoke, and expiry.
# Lease IDs vary from run to run, so a command line that needs one reads it from `lease list`.
etcdctl lease grant 60
export L=$(etcdctl lease list | tail -n 1)
etcdctl lease list
etcdctl put --lease=$L lk1 v1
etcdctl put --lease=$L lk2 v2
etcdctl get lk1 -w json
etcdctl lease timetolive $L
etcdctl lease timetolive $L --keys
etcdctl lease timetolive $L --keys -w json
etcdctl lease keep-alive --once $L
etcdctl lease keep-alive --once $L -w json
etcdctl put lk1 v1b --ignore-lease
etcdctl lease timetolive $L --keys
etcdctl put lk1 v1c
etcdctl lease timetolive $L --keys
etcdctl lease revoke $L
etcdctl get lk --prefix
etcdctl lease timetolive $L
etcdctl lease revoke $L
etcdctl lease keep-alive --once $L
etcdctl put --lease=$L lk3 v3
etcdctl lease list
etcdctl lease grant 1
export S=$(etcdctl lease list | tail -n 1)
etcdctl put --lease=$S short v
etcdctl lease timetolive $S --keys
etcdctl get short
sleep 3
etcdctl get short
etcdctl lease list
etcdctl lease timetolive $S
etcdctl lease grant 0
etcdctl lease grant 5 -w json
etcdctl lease grant 9000000001
etcdctl lease grant -5
etcdctl lease grant abc
etcdctl lease grant
etcdctl lease revoke 123
etcdctl lease revoke zz
etcdctl lease revoke
etcdctl lease timetolive 123
etcdctl lease timetolive
etcdctl lease keep-alive --once 123
etcdctl lease keep-alive
etcdctl lease list -w json
etcdctl lease grant 60
export K=$(etcdctl lease list | tail -n 1)
timeout 2 etcdctl lease keep-alive $K
etcdctl lease
