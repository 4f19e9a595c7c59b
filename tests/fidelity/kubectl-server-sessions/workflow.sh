#! world kube
# The lesson's flows, step by step, with time passing between them: run a pod and watch it
# start, create and scale a deployment, label and annotate, roll out, look at events, logs,
# describe, delete; and the errors on the way. kubectl's typed clients send protobuf, which the
# lab's server does not read, so `kubectl create <kind>` runs as a lab step (not compared).
kubectl run test-etcd --image=nginx
kubectl get pods
#! lab sleep 1
kubectl get pods -o wide
#! lab sleep 10
kubectl get pods
kubectl get pod test-etcd -o yaml
kubectl run test-etcd --image=nginx
#! lab kubectl create deployment web --image=nginx --replicas=2
#! lab sleep 15
kubectl get deploy,rs,pods
kubectl scale deployment web --replicas=4
kubectl scale deployment nope --replicas=4
#! lab sleep 15
kubectl get deployment web
kubectl get pods -l app=web
kubectl label pod test-etcd tier=frontend
kubectl label pod test-etcd tier=backend
kubectl label pod test-etcd tier=backend --overwrite
kubectl get pods --show-labels
kubectl label pod test-etcd tier-
kubectl annotate deployment web note=hello
kubectl get deployment web -o jsonpath='{.metadata.annotations.note}'
#! lab kubectl create namespace team-a
#! lab kubectl create configmap app-config --from-literal=mode=demo -n team-a
kubectl get cm -n team-a
#! lab kubectl create secret generic db-pass --from-literal=password=s3cr3t -n team-a
kubectl get secret db-pass -n team-a -o yaml
kubectl get ns
kubectl logs test-etcd
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl set image deployment/web nginx=nginx:1.27
#! lab sleep 30
kubectl rollout history deployment/web
kubectl get rs
kubectl rollout undo deployment/web
#! lab sleep 30
kubectl get rs
kubectl describe deployment web
kubectl describe pod test-etcd
kubectl get events --sort-by=.metadata.creationTimestamp
kubectl delete pod test-etcd --wait=false
kubectl delete deployment web
kubectl delete pod nope
kubectl delete namespace team-a
#! lab sleep 40
kubectl get all
kubectl get ns
