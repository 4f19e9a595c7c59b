# Users, roles and turning authentication on and off.
etcdctl user list
etcdctl role list
etcdctl auth enable
etcdctl user add root:rootpw
etcdctl user add alice:alicepw
etcdctl user add alice:again
etcdctl user add bob --no-password
etcdctl user list
etcdctl user list -w json
etcdctl role add reader
etcdctl role add reader
etcdctl role grant-permission reader read /app/ --prefix
etcdctl role grant-permission reader readwrite /own
etcdctl role grant-permission reader write /range /rangz
etcdctl role grant-permission reader bogus /x
etcdctl role get reader
etcdctl role get nobody
etcdctl role list
etcdctl user grant-role alice reader
etcdctl user grant-role alice nobody
etcdctl user get alice
etcdctl user get alice --detail
etcdctl user get nobody
etcdctl put /app/config v1
etcdctl auth enable
etcdctl get /app/config
etcdctl --user=alice:alicepw get /app/config
etcdctl --user=alice:alicepw put /app/config v2
etcdctl --user=alice:wrong get /app/config
etcdctl --user=nobody:pw get /app/config
etcdctl --user=root:rootpw put /app/config v2
etcdctl --user=root:rootpw user list
etcdctl --user=alice:alicepw user list
etcdctl --user=root:rootpw role revoke-permission reader /app/ --prefix
etcdctl --user=root:rootpw role get reader
etcdctl --user=alice:alicepw get /app/config
etcdctl --user=root:rootpw user revoke-role alice reader
etcdctl --user=root:rootpw user passwd alice --interactive=false
{"cmd": "etcdctl --user=root:rootpw user passwd alice --interactive=false", "stdin": "newpw\n"}
etcdctl --user=alice:newpw get /app/config
etcdctl --user=root:rootpw user delete root
etcdctl --user=root:rootpw auth disable
etcdctl get /app/config
etcdctl user delete alice
etcdctl user delete alice
etcdctl role delete reader
etcdctl user list
etcdctl role list
