# etcdctl txn reading compares, then success ops, then failure ops, each block ended by an empty line.
etcdctl put k 0
etcdctl put other x
{"cmd": "etcdctl txn", "stdin": "value(\"k\") = \"0\"\n\nput k 1\nput k2 created\n\nput k failed\n\n"}
etcdctl get k --print-value-only
{"cmd": "etcdctl txn", "stdin": "value(\"k\") = \"0\"\n\nput k 1\n\nput k failed\nget other\n\n"}
{"cmd": "etcdctl txn -w json", "stdin": "version(\"k\") = \"3\"\n\nget k\n\n\n"}
{"cmd": "etcdctl txn -w json", "stdin": "version(\"k\") > \"1\"\n\nget k\ndel k2\n\n\n"}
{"cmd": "etcdctl txn -w table", "stdin": "create(\"k\") > \"0\"\n\nget k\n\n\n"}
{"cmd": "etcdctl txn -w fields", "stdin": "mod(\"k\") < \"100\"\n\nget k\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "lease(\"k\") = \"0\"\n\nput leased no-lease\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(\"k\") != \"1\"\n\n\nput k not-one\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(\"k\") = \"failed\"\nvalue(\"other\") = \"x\"\n\nput both yes\n\nput both no\n\n"}
{"cmd": "etcdctl txn", "stdin": "create(\"missing\") = \"0\"\n\nput missing now\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "\nput unconditional 1\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(\"k\") = \"failed\"\n\nget k --prefix --keys-only\ndel both --prev-kv\nput k3 \"quoted value\"\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(\"k\") = \"failed\"\n\nput k -- -dash\n\n\n"}
{"cmd": "etcdctl txn --interactive=false", "stdin": "value(\"k\") = \"failed\"\n\nget k\n\n\n"}
{"cmd": "etcdctl txn --interactive", "stdin": "value(\"k\") = \"failed\"\n\nget k\n\n\n"}
{"cmd": "etcdctl txn -i", "stdin": "bogus\n\n"}
{"cmd": "etcdctl txn", "stdin": "bogus\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(\"k\") == \"1\"\n\nput k 1\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(k) = \"1\"\n\nput k 1\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "size(\"k\") = \"1\"\n\nput k 1\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "version(\"k\") = \"x\"\n\nput k 1\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(\"k\") = \"failed\"\n\nupdate k 1\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(\"k\") = \"failed\"\n\nput k\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(\"k\") = \"failed\"\n\nput k 1\nput k 2\n\n\n"}
{"cmd": "etcdctl txn", "stdin": "value(\"k\") = \"failed\"\n\nput k 1\n"}
{"cmd": "etcdctl txn", "stdin": ""}
{"cmd": "etcdctl txn extra-arg", "stdin": "\n\n\n"}
etcdctl get "" --from-key
