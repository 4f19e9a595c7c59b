#! discovery-cache
# Commands that build their object on the client but map the resource through discovery first, chiefly
# `kubectl run`. Discovery comes from a seeded cache (see the recorder); real requests are still refused.
kubectl run test-etcd --image=nginx --dry-run=client -o yaml
kubectl run test-etcd --image=nginx --labels=a=b,c=d --dry-run=client -o yaml
kubectl run test-etcd --image=nginx --port=80 --dry-run=client -o yaml
kubectl run test-etcd --image=nginx --restart=Never --dry-run=client -o yaml
kubectl run test-etcd --image=nginx --restart=OnFailure --dry-run=client -o yaml
kubectl run test-etcd --image=nginx --dry-run=client -o json
kubectl run x --image=nginx --dry-run=client
kubectl run x --image=nginx --dry-run=client -o name
kubectl run x --image=nginx --dry-run
kubectl run x --image=nginx --dry-run=client -o yaml -- sleep 3600
kubectl run x --image=busybox --dry-run=client -o yaml --command -- sh -c 'echo hi'
kubectl run x --image=nginx --env=A=1 --env=B=true --dry-run=client -o yaml
kubectl run x --image=nginx --labels=app=web --annotations=note=hi --dry-run=client -o yaml
kubectl run x --image=nginx --image-pull-policy=IfNotPresent --dry-run=client -o yaml
kubectl run x --image=nginx -n demo --dry-run=client -o yaml
kubectl run x --image=nginx --labels=bad --dry-run=client -o yaml
kubectl run x --image=nginx --port=abc --dry-run=client -o yaml
kubectl run x --image=nginx --env=A --dry-run=client -o yaml
kubectl run X --image=nginx --dry-run=client -o yaml
kubectl run x --image=nginx --dry-run=client -o wide
kubectl run x --image=nginx --rm --dry-run=client
kubectl run x --image=nginx -it --rm --restart=Never --dry-run=client -o yaml
kubectl create role reader --verb=get,list --resource=pods --dry-run=client -o yaml
kubectl create role reader --verb=get --resource=bogus --dry-run=client -o yaml
kubectl create clusterrole reader --verb=get --resource=deployments --dry-run=client -o yaml
kubectl create rolebinding rb --role=reader --user=alice --dry-run=client -o yaml
kubectl get pods
kubectl get pods -o bogus
kubectl get bogus
{"cmd":"cat > m.yaml","stdin":"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n"}
kubectl create -f m.yaml --validate=false --dry-run=client -o yaml
kubectl create -f m.yaml --dry-run=client -o yaml
kubectl apply -f m.yaml --validate=false --dry-run=client -o yaml
