# What kubectl prints when the API server does not answer: nothing listens on 127.0.0.1:6443, so every
# request fails at once with "connection refused". Discovery errors are logged by klog before the final message.
kubectl get pods
kubectl get pods -A
kubectl get nodes -o wide
kubectl get pods -o yaml
kubectl get pods -w
kubectl get pods,svc
kubectl get deploy web
kubectl describe pod x
kubectl logs x
kubectl delete pod x
kubectl exec x -- ls
kubectl port-forward x 8080:80
kubectl rollout status deployment/web
kubectl scale deployment web --replicas=2
kubectl expose deployment web --port=80 --dry-run=client -o yaml
kubectl explain pods
kubectl top nodes
kubectl auth can-i get pods
kubectl cluster-info
kubectl version
kubectl version --client
kubectl version --client -o yaml
kubectl version -o json
kubectl api-resources
kubectl api-versions
kubectl run x --image=nginx
kubectl create deployment web --image=nginx
kubectl create namespace demo
kubectl create namespace demo --dry-run=server
{"cmd":"cat > m.yaml","stdin":"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n"}
kubectl apply -f m.yaml
kubectl apply -f m.yaml --dry-run=client
kubectl apply -f m.yaml --validate=false
kubectl apply -f m.yaml --validate=false --dry-run=client -o yaml
kubectl create -f m.yaml
kubectl delete -f m.yaml
kubectl diff -f m.yaml
kubectl config current-context
kubectl config get-contexts
kubectl config view
kubectl config view -o jsonpath='{.clusters[0].cluster.server}'
kubectl --kubeconfig=nope.yaml get pods
kubectl --server=https://127.0.0.1:1 get pods
kubectl -n kube-system get pods
KUBECONFIG= kubectl get pods
KUBECONFIG= kubectl config view
