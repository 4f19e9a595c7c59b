# kubectl get -w while the cluster changes: the lesson's scale of argocd-server to 4 while
# watching its pods, and a pod started and deleted.
#! lab kubectl scale deployment argocd-server --replicas=4 -n argocd
#! watch 20 kubectl get pods -n argocd -l app.kubernetes.io/name=argocd-server -w
kubectl get pods -n argocd -l app.kubernetes.io/name=argocd-server
#! lab kubectl run web --image=nginx
#! watch 10 kubectl get pod web -w
#! lab kubectl delete pod web --wait=false
#! watch 10 kubectl get pods -w
#! watch 5 kubectl get deploy -n argocd argocd-server -w
