#! world kube
# Requests and the scheduler: a deployment that asks for more CPU than the workers have left
# leaves a pod Pending with kube-scheduler's reasons; describe node shows what is allocated.
echo '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"big"},"spec":{"replicas":4,"selector":{"matchLabels":{"app":"big"}},"template":{"metadata":{"labels":{"app":"big"}},"spec":{"containers":[{"name":"app","image":"nginx","resources":{"requests":{"cpu":"3","memory":"256Mi"}}}]}}}}' > big.json
kubectl apply -f big.json
#! lab sleep 15
kubectl get deploy big
kubectl get pods -o wide
kubectl get events --field-selector reason=FailedScheduling -o custom-columns=REASON:.reason,MESSAGE:.message
kubectl describe node worker-2
kubectl apply -f big.json
kubectl scale deployment big --replicas=3
#! lab sleep 10
kubectl get pods
kubectl describe deployment big
