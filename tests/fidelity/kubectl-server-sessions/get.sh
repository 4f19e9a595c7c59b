# Reading the demo cluster: tables (one kind, several, all namespaces, wide, labels, sorting),
# single objects, output formats, selectors and the read errors.
kubectl get nodes
kubectl get nodes -o wide
kubectl get namespaces
kubectl get pods
kubectl get pods -n kube-system
kubectl get pods -A
kubectl get pods -n argocd -o wide
kubectl get pods -n argocd --show-labels
kubectl get pods -A --sort-by=.metadata.name
kubectl get deployments -A
kubectl get deploy,rs -n argocd
kubectl get svc -A
kubectl get endpoints -n monitoring
kubectl get configmaps,secrets -A
kubectl get roles,rolebindings -A
kubectl get clusterroles
kubectl get sa -n argocd
kubectl get crd
kubectl get applications -n argocd
kubectl get all -n argocd
kubectl get leases -n kube-system
kubectl get ns default -o yaml
kubectl get ns default -o json
kubectl get deploy argocd-server -n argocd -o yaml
kubectl get svc prometheus-server -n monitoring -o yaml
kubectl get pods -n argocd -o name
kubectl get pods -n argocd -l app.kubernetes.io/name=argocd-server
kubectl get pods -A --field-selector=spec.nodeName=worker-1
kubectl get pods -n argocd -o jsonpath='{.items[*].metadata.name}'
kubectl get pod nope
kubectl get pods -n nope
kubectl get frobs
kubectl get pods --no-headers -n monitoring
kubectl get nodes -o custom-columns=NAME:.metadata.name
kubectl get endpointslices -A
kubectl get endpointslices -n argocd -o wide
