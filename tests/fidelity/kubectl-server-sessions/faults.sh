#! world kube
# Failures seen through kubectl: a worker node stops (NotReady, its pods stay bound), etcd
# loses quorum (reads and writes time out in the API server), then everything comes back.
kubectl run web --image=nginx
#! lab sleep 10
kubectl get nodes
#! lab cluster stop-node worker-1
#! lab sleep 50
kubectl get nodes
kubectl get pods -o wide
kubectl describe node worker-1
#! lab cluster start-node worker-1
#! lab sleep 20
kubectl get nodes
#! lab cluster stop infra2
#! lab cluster stop infra3
kubectl get pods
kubectl run late --image=nginx
#! lab cluster start infra2
#! lab sleep 10
kubectl get pods
kubectl run later --image=nginx
#! lab sleep 10
kubectl get pods
