# Objects built on the client (`--dry-run=client`) and printed as YAML, JSON and names, and what needs the
# server anyway: `kubectl run` resolves the resource through discovery even for a client-side dry run
# (run.sh has the same commands with a seeded discovery cache).
kubectl create deployment web --image=nginx:1.27 --replicas=3 --dry-run=client -o yaml
kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=80 --dry-run=client -o yaml
kubectl create deployment web --image=nginx:1.27 --replicas=3 --dry-run=client -o json
kubectl create deployment web --image=nginx:1.27 --dry-run=client -o name
kubectl create deployment web --image=nginx:1.27 --dry-run=client
kubectl create deployment web --image=nginx --image=redis --dry-run=client -o yaml
kubectl create deployment web --image=nginx --dry-run=client -o yaml -- sleep 3600
kubectl create deployment web --image=nginx --dry-run=client -o jsonpath='{.spec.template.spec.containers[0].image}'
kubectl create deployment web --image=nginx --replicas=-1 --dry-run=client -o yaml
kubectl create deployment Web --image=nginx --dry-run=client -o yaml
kubectl create namespace demo --dry-run=client -o yaml
kubectl create namespace demo --dry-run=client -o json
kubectl create namespace demo --dry-run=client
kubectl create namespace demo --dry-run=client -o name
kubectl create configmap app --from-literal=a=b --from-literal=c=d --dry-run=client -o yaml
kubectl create configmap app --from-literal=a=b --from-literal=a=c --dry-run=client -o yaml
kubectl create configmap app --from-literal=bad --dry-run=client -o yaml
kubectl create configmap app --dry-run=client -o yaml
{"cmd":"cat > app.conf","stdin":"listen 80;\nworkers: 4\n"}
kubectl create configmap app --from-file=app.conf --from-file=renamed.conf=app.conf --dry-run=client -o yaml
kubectl create configmap app --from-file=nope.conf --dry-run=client -o yaml
kubectl create secret generic s --from-literal=password=hunter2 --dry-run=client -o yaml
kubectl create secret generic s --from-literal=password=hunter2 --dry-run=client -o json
kubectl create secret generic s --from-literal=password=hunter2 --type=kubernetes.io/basic-auth --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80:8080 --dry-run=client -o yaml
kubectl create service nodeport web --tcp=80:8080 --node-port=30080 --dry-run=client -o yaml
kubectl create service clusterip web --clusterip=None --dry-run=client -o yaml
kubectl create service clusterip web --dry-run=client -o yaml
kubectl create job once --image=busybox --dry-run=client -o yaml -- echo hi
kubectl create cronjob tick --image=busybox --schedule='*/5 * * * *' --dry-run=client -o yaml -- date
kubectl create serviceaccount robot --dry-run=client -o yaml
kubectl create role reader --verb=get,list --resource=pods --dry-run=client -o yaml
kubectl create namespace demo --dry-run=server -o yaml
kubectl create namespace demo --dry-run=client -o wide
kubectl create namespace demo --dry-run=client -o yaml --show-managed-fields
kubectl run test-etcd --image=nginx --dry-run=client -o yaml
kubectl run x --image=nginx --dry-run=client
kubectl run x --image=nginx --dry-run
