# put, get and del with every flag of etcdctl 3.4, odd keys, and bad input.
etcdctl put foo bar
etcdctl get foo
etcdctl put foo bar2 --prev-kv
etcdctl put foo bar4 --prev-kv -w json
etcdctl get foo -w json
etcdctl get foo -w fields
etcdctl get foo -w table
etcdctl get foo -w protobuf | base64
etcdctl get foo -w yaml
etcdctl get foo --hex
etcdctl get foo --hex -w json
etcdctl get foo --rev=2
etcdctl get foo --consistency=s
etcdctl get missing
etcdctl put key1 v1
etcdctl put key2 v2
etcdctl put key3 v3
etcdctl put key10 v10
etcdctl get key --prefix
etcdctl get key --prefix --keys-only
etcdctl get key --prefix --print-value-only
etcdctl get key --prefix --limit=2 -w json
etcdctl get key --prefix --sort-by=KEY --order=DESCEND
etcdctl get key --prefix --sort-by=MODIFY --order=DESCEND --keys-only
etcdctl get key --prefix --sort-by=VALUE --limit=3
etcdctl get key --prefix --sort-by=CREATE --order=ASCEND -w fields
etcdctl get key --prefix --order=DESCEND --keys-only
etcdctl get key1 key3
etcdctl get key2 --from-key --keys-only
etcdctl get "" --prefix --keys-only
etcdctl put 'key with spaces' 'value with spaces'
etcdctl get 'key with spaces' -w json
etcdctl put ключ значение
etcdctl get ключ --hex
etcdctl put 'q"uote' "it's"
etcdctl get 'q"uote' -w json
etcdctl put dash -- -leading
etcdctl get dash --print-value-only
etcdctl put dash -leading
echo -n from-stdin | etcdctl put stdin-key
etcdctl get stdin-key
etcdctl put foo --ignore-value
etcdctl put nokey --ignore-value
etcdctl put foo bar --ignore-value
etcdctl put foo bar5 --ignore-lease
etcdctl put foo x --lease=1234
etcdctl put foo x --lease=zz
etcdctl put "" x
etcdctl get ""
etcdctl put
etcdctl put onlykey
etcdctl get
etcdctl get a b c
etcdctl get foo --count-only
etcdctl get foo --sort-by=BAD
etcdctl get foo --order=BAD
etcdctl get foo --consistency=x
etcdctl get foo --rev=abc
head -c 2000000 /dev/zero | etcdctl put huge
etcdctl del key1
etcdctl del key1
etcdctl del key --prefix --prev-kv
etcdctl del a --from-key -w json
etcdctl del
etcdctl get "" --from-key
