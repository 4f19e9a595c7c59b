# Bad invocations that kubectl rejects on its own: unknown commands and flags, missing arguments and
# required flags, bad flag values. None of them needs the API server.
kubectl
kubectl foo
kubectl gett pods
kubectl dlete pod x
kubectl help foo
kubectl get pods --bogus
kubectl get pods --bogus=1
kubectl get pods -x
kubectl get pods -n
kubectl get pods --namespace
kubectl get pods -o
kubectl -n
kubectl get pods --watch=maybe
kubectl get pods --all-namespaces=maybe
kubectl version --bogus
kubectl get
kubectl get pods -o bogus
kubectl run x
kubectl run
kubectl run x --image
kubectl run x --image=nginx --restart=Sometimes
kubectl create
kubectl create foo
kubectl create deployment
kubectl create deployment web
kubectl create deployment web --image=nginx --port=abc --dry-run=client
kubectl create deployment web --image=nginx --dry-run=bogus
kubectl create namespace a b
kubectl create secret
kubectl create secret generic
kubectl scale deployment web
kubectl scale
kubectl delete
kubectl delete pod x --now --grace-period=5
kubectl logs
kubectl logs a b c
kubectl label
kubectl rollout
kubectl rollout foo
kubectl rollout restart
kubectl port-forward
kubectl exec
kubectl expose
kubectl describe
kubectl explain
kubectl apply
kubectl apply -f missing.yaml
kubectl config use-context nope
kubectl completion
