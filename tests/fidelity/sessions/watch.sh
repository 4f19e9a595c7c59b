# Watch prints history from --rev, then blocks; `timeout 2` ends it (exit 124).
# Interactive watch (-i) only gets input that bash passes before EOF, so only its input errors are recorded.
etcdctl put k1 a
etcdctl put k1 b
etcdctl put k2 c
etcdctl del k1
etcdctl put other x
etcdctl put k3 d
timeout 2 etcdctl watch k1 --rev=1
timeout 2 etcdctl watch k --prefix --rev=1
timeout 2 etcdctl watch k1 k3 --rev=1
timeout 2 etcdctl watch k1 --rev=1 --prev-kv
timeout 2 etcdctl watch k1 --rev=1 -w json
timeout 2 etcdctl watch k1 --rev=1 --prev-kv -w json
timeout 2 etcdctl watch k1 --rev=1 -w fields
timeout 2 etcdctl watch k1 --rev=1 -w table
timeout 2 etcdctl watch k1 --rev=1 --hex
timeout 2 etcdctl watch k1 --rev=3
timeout 2 etcdctl watch k1 --rev=1 --progress-notify
timeout 2 etcdctl watch k1 --rev=100
timeout 2 etcdctl watch k1
timeout 2 etcdctl watch "" --from-key --rev=5
{"cmd": "timeout 2 etcdctl watch --interactive", "stdin": "bogus k1\nwatch\n"}
{"cmd": "timeout 2 etcdctl watch -i k1", "stdin": ""}
etcdctl watch
timeout 2 etcdctl watch k1 k2 k3 --rev=1
etcdctl watch k1 --rev=abc
timeout 2 etcdctl watch k1 --rev=1 -- echo fired
