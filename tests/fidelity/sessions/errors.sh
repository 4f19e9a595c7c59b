# Bad invocations, help, global flags and ETCDCTL_* environment variables.
etcdctl
etcdctl foo
etcdctl --bogus get foo
etcdctl get foo --bogus=1
etcdctl -w yaml get foo
etcdctl --write-out=yaml put foo bar
etcdctl help
etcdctl help get
etcdctl get --help
etcdctl put -h
etcdctl lease --help
etcdctl lease
etcdctl lease foo
etcdctl --version
etcdctl version extra
etcdctl put foo bar
etcdctl --endpoints=http://127.0.0.1:2379 get foo
etcdctl --endpoints=127.0.0.1:2379,127.0.0.1:2379 get foo
etcdctl --endpoints=127.0.0.1:1 --dial-timeout=1s get foo
etcdctl --endpoints=127.0.0.1:1 --dial-timeout=1s put foo bar
etcdctl --endpoints=localhost:1 --dial-timeout=1s endpoint health
etcdctl --endpoints=127.0.0.1:1 --dial-timeout=1s endpoint status
etcdctl --endpoints=nohost.invalid:2379 --dial-timeout=1s get foo
etcdctl --endpoints=127.0.0.1:1,127.0.0.1:2379 get foo
etcdctl --dial-timeout=abc get foo
etcdctl --command-timeout=abc get foo
etcdctl --command-timeout=1ns get foo
etcdctl --command-timeout=10s get foo
etcdctl --user=root:pw get foo
etcdctl --debug get foo
export ETCDCTL_ENDPOINTS=127.0.0.1:2379
etcdctl get foo
export ETCDCTL_ENDPOINTS=127.0.0.1:1
export ETCDCTL_DIAL_TIMEOUT=1s
etcdctl get foo
etcdctl --endpoints=127.0.0.1:2379 get foo
unset ETCDCTL_ENDPOINTS ETCDCTL_DIAL_TIMEOUT
export ETCDCTL_WRITE_OUT=json
etcdctl get foo
etcdctl get foo -w simple
unset ETCDCTL_WRITE_OUT
export ETCDCTL_BOGUS=1
etcdctl get foo
unset ETCDCTL_BOGUS
ETCDCTL_API=2 etcdctl --version
ETCDCTL_API=2 etcdctl get foo
ETCDCTL_API=4 etcdctl get foo
ETCDCTL_API= etcdctl get foo
etcdctl get foo --endpoints 127.0.0.1:2379
etcdctl get foo -wjson
etcdctl --hex get foo
etcdctl auth status
etcdctl check
etcdctl user list
etcdctl ls /
etcdctl mk foo bar
etcdctl set foo bar
